#include "runtime/cgroups/devices_bpf.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"

namespace nsinit::cgroups {
namespace {

// Instruction constructors (the kernel's filter.h macros are not uapi).
bpf_insn Insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i;
  memset(&i, 0, sizeof(i));
  i.code = code;
  i.dst_reg = dst;
  i.src_reg = src;
  i.off = off;
  i.imm = imm;
  return i;
}
bpf_insn LoadCtxWord(uint8_t dst, int16_t off) {
  return Insn(BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_1, off, 0);
}
bpf_insn MovReg(uint8_t dst, uint8_t src) {
  return Insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}
bpf_insn MovImm(uint8_t dst, int32_t imm) {
  return Insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm);
}
bpf_insn AndImm(uint8_t dst, int32_t imm) {
  return Insn(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm);
}
bpf_insn RshImm(uint8_t dst, int32_t imm) {
  return Insn(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm);
}
bpf_insn JneImm(uint8_t dst, int32_t imm) {
  return Insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, 0, imm);
}
bpf_insn Exit() { return Insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

long Bpf(int cmd, bpf_attr* attr) { return syscall(SYS_bpf, cmd, attr, sizeof(*attr)); }

// Registers: R2 type, R3 access, R4 major, R5 minor, R6 scratch.
constexpr uint8_t kType = BPF_REG_2, kAccess = BPF_REG_3, kMajor = BPF_REG_4, kMinor = BPF_REG_5,
                  kScratch = BPF_REG_6;

}  // namespace

absl::StatusOr<std::vector<bpf_insn>> BuildDeviceProgram(
    const std::vector<config::DeviceRule>& rules) {
  std::vector<bpf_insn> p = {
      // access_type = (access << 16) | type
      LoadCtxWord(kType, offsetof(bpf_cgroup_dev_ctx, access_type)),
      MovReg(kAccess, kType),
      AndImm(kType, 0xffff),
      RshImm(kAccess, 16),
      LoadCtxWord(kMajor, offsetof(bpf_cgroup_dev_ctx, major)),
      LoadCtxWord(kMinor, offsetof(bpf_cgroup_dev_ctx, minor)),
  };
  // Last rule first: the first match in the program is the last in the list.
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    const config::DeviceRule& r = *it;
    size_t index = rules.rend() - it - 1;
    std::vector<bpf_insn> block;
    if (r.type == "c" || r.type == "b") {
      block.push_back(JneImm(kType, r.type == "c" ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK));
    } else if (!r.type.empty() && r.type != "a") {
      return absl::InvalidArgumentError(absl::StrCat("linux.resources.devices[", index,
                                                     "].type: \"", r.type, "\" is not a, b or c"));
    }
    int allowed = 0;
    for (char c : r.access.empty() ? std::string("rwm") : r.access) {
      if (c == 'r')
        allowed |= BPF_DEVCG_ACC_READ;
      else if (c == 'w')
        allowed |= BPF_DEVCG_ACC_WRITE;
      else if (c == 'm')
        allowed |= BPF_DEVCG_ACC_MKNOD;
      else {
        return absl::InvalidArgumentError(absl::StrCat(
            "linux.resources.devices[", index, "].access: \"", r.access, "\" is not of r, w, m"));
      }
    }
    int all = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
    if (allowed != all) {
      // Match only if the request asks nothing beyond the rule's access.
      block.push_back(MovReg(kScratch, kAccess));
      block.push_back(AndImm(kScratch, all & ~allowed));
      block.push_back(JneImm(kScratch, 0));
    }
    if (r.major && *r.major >= 0) block.push_back(JneImm(kMajor, static_cast<int32_t>(*r.major)));
    if (r.minor && *r.minor >= 0) block.push_back(JneImm(kMinor, static_cast<int32_t>(*r.minor)));
    block.push_back(MovImm(BPF_REG_0, r.allow ? 1 : 0));
    block.push_back(Exit());
    // Every "no match" jump skips to the end of this block.
    for (size_t i = 0; i < block.size(); ++i) {
      if (block[i].code == (BPF_JMP | BPF_JNE | BPF_K)) {
        block[i].off = static_cast<int16_t>(block.size() - i - 1);
      }
    }
    p.insert(p.end(), block.begin(), block.end());
    // A rule matching everything decides alone: what would follow is
    // unreachable, which the verifier rejects.
    if (block.size() == 2) return p;
  }
  p.push_back(MovImm(BPF_REG_0, 0));  // nothing matched: deny
  p.push_back(Exit());
  return p;
}

absl::StatusOr<UniqueFd> LoadDeviceProgram(const std::vector<bpf_insn>& program) {
  static char log[16384];
  log[0] = '\0';
  bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = reinterpret_cast<uint64_t>(program.data());
  attr.insn_cnt = static_cast<uint32_t>(program.size());
  attr.license = reinterpret_cast<uint64_t>("Apache");
  attr.log_buf = reinterpret_cast<uint64_t>(log);
  attr.log_size = sizeof(log);
  attr.log_level = 1;
  UniqueFd fd(static_cast<int>(Bpf(BPF_PROG_LOAD, &attr)));
  if (!fd) {
    int err = errno;
    return ErrnoStatus(
        err, absl::StrCat("bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE, ", program.size(),
                          " insns)", log[0] ? ": verifier: " : "", log));
  }
  return fd;
}

absl::Status ApplyDeviceFilter(const std::string& dir,
                               const std::vector<config::DeviceRule>& rules) {
  ASSIGN_OR_RETURN(std::vector<bpf_insn> program, BuildDeviceProgram(rules));
  ASSIGN_OR_RETURN(UniqueFd prog, LoadDeviceProgram(program));
  UniqueFd cgroup(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!cgroup) return LastErrnoStatus(absl::StrCat("open ", dir));

  // The programs there now, to detach once the new one is attached.
  uint32_t old_ids[64];
  bpf_attr q;
  memset(&q, 0, sizeof(q));
  q.query.target_fd = cgroup.get();
  q.query.attach_type = BPF_CGROUP_DEVICE;
  q.query.prog_ids = reinterpret_cast<uint64_t>(old_ids);
  q.query.prog_cnt = 64;
  if (Bpf(BPF_PROG_QUERY, &q) != 0) {
    return LastErrnoStatus(absl::StrCat("bpf(BPF_PROG_QUERY, ", dir, ", BPF_CGROUP_DEVICE)"));
  }
  uint32_t old_count = q.query.prog_cnt;

  bpf_attr a;
  memset(&a, 0, sizeof(a));
  a.target_fd = cgroup.get();
  a.attach_bpf_fd = prog.get();
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  if (Bpf(BPF_PROG_ATTACH, &a) != 0) {
    return LastErrnoStatus(
        absl::StrCat("bpf(BPF_PROG_ATTACH, ", dir, ", BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI)"));
  }
  for (uint32_t i = 0; i < old_count; ++i) {
    bpf_attr g;
    memset(&g, 0, sizeof(g));
    g.prog_id = old_ids[i];
    UniqueFd old(static_cast<int>(Bpf(BPF_PROG_GET_FD_BY_ID, &g)));
    if (!old) return LastErrnoStatus(absl::StrCat("bpf(BPF_PROG_GET_FD_BY_ID, ", old_ids[i], ")"));
    bpf_attr d;
    memset(&d, 0, sizeof(d));
    d.target_fd = cgroup.get();
    d.attach_bpf_fd = old.get();
    d.attach_type = BPF_CGROUP_DEVICE;
    if (Bpf(BPF_PROG_DETACH, &d) != 0) {
      return LastErrnoStatus(
          absl::StrCat("bpf(BPF_PROG_DETACH, ", dir, ", program ", old_ids[i], ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace nsinit::cgroups

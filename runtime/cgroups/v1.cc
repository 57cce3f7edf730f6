#include "runtime/cgroups/v1.h"

#include <errno.h>
#include <sched.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/rt_budget.h"

namespace nsinit::cgroups {
namespace {

absl::Status Missing(absl::string_view field, absl::string_view controller) {
  return absl::FailedPreconditionError(
      absl::StrCat("linux.resources.", field, ": the ", controller,
                   " cgroup controller is not mounted on this host"));
}

std::string DeviceNumbers(const config::BlockIoDevice& d) {
  return absl::StrCat(d.major, ":", d.minor);
}

absl::Status WriteI64(absl::string_view dir, absl::string_view file, int64_t v) {
  return WriteCgroupFile(dir, file, absl::StrCat(v));
}

absl::Status ApplyMemory(absl::string_view dir, const config::MemoryResources& m, bool update,
                         std::vector<std::string>* warnings) {
  std::optional<int64_t> limit = m.limit;
  std::optional<int64_t> swap = m.swap;
  bool has_memsw = FileExists(dir, "memory.memsw.limit_in_bytes");
  // Unlimited memory with no swap given means unlimited memory+swap (runc).
  if (limit && *limit == -1 && !swap && has_memsw) swap = -1;
  if (swap && *swap != 0 && !has_memsw) {
    return absl::FailedPreconditionError(
        "linux.resources.memory.swap: swap accounting is off on this host (no "
        "memory.memsw.limit_in_bytes; boot with swapaccount=1)");
  }
  if (update && m.check_before_update.value_or(false) && limit && *limit > 0) {
    ASSIGN_OR_RETURN(uint64_t usage, ReadCgroupUint(dir, "memory.usage_in_bytes"));
    if (static_cast<uint64_t>(*limit) < usage) {
      return absl::FailedPreconditionError(absl::StrCat("linux.resources.memory.limit: ", *limit,
                                                        " is below the current usage ", usage,
                                                        " (checkBeforeUpdate)"));
    }
  }
  if (limit && *limit != 0 && swap && *swap != 0) {
    // The kernel keeps limit <= memsw at every step: grow memsw first, shrink
    // the limit first.
    ASSIGN_OR_RETURN(uint64_t current, ReadCgroupUint(dir, "memory.limit_in_bytes"));
    if (*swap == -1 || current < static_cast<uint64_t>(*swap)) {
      RETURN_IF_ERROR(WriteI64(dir, "memory.memsw.limit_in_bytes", *swap));
      RETURN_IF_ERROR(WriteI64(dir, "memory.limit_in_bytes", *limit));
    } else {
      RETURN_IF_ERROR(WriteI64(dir, "memory.limit_in_bytes", *limit));
      RETURN_IF_ERROR(WriteI64(dir, "memory.memsw.limit_in_bytes", *swap));
    }
  } else {
    if (limit && *limit != 0) RETURN_IF_ERROR(WriteI64(dir, "memory.limit_in_bytes", *limit));
    if (swap && *swap != 0) RETURN_IF_ERROR(WriteI64(dir, "memory.memsw.limit_in_bytes", *swap));
  }
  if (m.reservation && *m.reservation != 0) {
    RETURN_IF_ERROR(WriteI64(dir, "memory.soft_limit_in_bytes", *m.reservation));
  }
  if (m.kernel && *m.kernel != 0) {
    // Since Linux 5.16 the kmem limit is accepted and ignored (and gone in 6.x
    // builds without it); runc ignores it too.
    if (FileExists(dir, "memory.kmem.limit_in_bytes")) {
      RETURN_IF_ERROR(WriteI64(dir, "memory.kmem.limit_in_bytes", *m.kernel));
    }
    warnings->push_back(
        "linux.resources.memory.kernel: kernel memory limits are deprecated and have no effect "
        "since Linux 5.16");
  }
  if (m.kernel_tcp && *m.kernel_tcp != 0) {
    RETURN_IF_ERROR(WriteI64(dir, "memory.kmem.tcp.limit_in_bytes", *m.kernel_tcp));
  }
  // 2^64-1 is -1 read as unsigned: not set (runc).
  if (m.swappiness && *m.swappiness != std::numeric_limits<uint64_t>::max()) {
    if (*m.swappiness > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("linux.resources.memory.swappiness: ", *m.swappiness, " is above 100"));
    }
    RETURN_IF_ERROR(WriteCgroupFile(dir, "memory.swappiness", absl::StrCat(*m.swappiness)));
  }
  if (m.disable_oom_killer) {
    // Only ever set, never cleared by an absent field (runc).
    if (*m.disable_oom_killer || update) {
      RETURN_IF_ERROR(
          WriteCgroupFile(dir, "memory.oom_control", *m.disable_oom_killer ? "1" : "0"));
    }
  }
  if (m.use_hierarchy) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "memory.use_hierarchy", *m.use_hierarchy ? "1" : "0"));
  }
  return absl::OkStatus();
}

absl::Status ApplyCpu(const V1Cgroup& cg, const config::CpuResources& c) {
  // 0 is "not set" for shares, quota, period and the rt values (runc).
  auto set = [](const auto& v) { return v.has_value() && *v != 0; };
  bool wants_cpu = set(c.shares) || set(c.quota) || set(c.period) || c.burst ||
                   set(c.realtime_runtime) || set(c.realtime_period) || c.idle;
  if (wants_cpu) {
    std::string dir = cg.Dir("cpu");
    if (dir.empty()) return Missing("cpu", "cpu");
    if (c.shares && *c.shares != 0) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.shares", absl::StrCat(*c.shares)));
      // The kernel clamps shares to 2..262144; report what it did.
      ASSIGN_OR_RETURN(uint64_t got, ReadCgroupUint(dir, "cpu.shares"));
      if (got != *c.shares) {
        return absl::InvalidArgumentError(absl::StrCat("linux.resources.cpu.shares: ", *c.shares,
                                                       " is out of range (the kernel set ", got,
                                                       ")"));
      }
    }
    if (c.period && *c.period != 0) {
      absl::Status s = WriteCgroupFile(dir, "cpu.cfs_period_us", absl::StrCat(*c.period));
      // A smaller period can be refused while the old quota exceeds it:
      // write the quota first, then the period again (runc).
      if (!s.ok() && c.quota && *c.quota != 0) {
        RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.cfs_quota_us", absl::StrCat(*c.quota)));
        s = WriteCgroupFile(dir, "cpu.cfs_period_us", absl::StrCat(*c.period));
      }
      RETURN_IF_ERROR(s);
    }
    if (c.quota && *c.quota != 0) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.cfs_quota_us", absl::StrCat(*c.quota)));
    }
    if (c.burst) {
      if (!FileExists(dir, "cpu.cfs_burst_us")) {
        return absl::FailedPreconditionError(
            "linux.resources.cpu.burst: this kernel has no cpu.cfs_burst_us (Linux >= 5.14)");
      }
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.cfs_burst_us", absl::StrCat(*c.burst)));
    }
    // Period first: the runtime is validated against it.
    if (c.realtime_period && *c.realtime_period != 0) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.rt_period_us", absl::StrCat(*c.realtime_period)));
    }
    if (c.realtime_runtime && *c.realtime_runtime != 0) {
      // The budget comes out of the parents': give them what it needs.
      for (const Hierarchy& h : cg.hierarchies()) {
        if (h.Has("cpu") && *c.realtime_runtime > 0) {
          RETURN_IF_ERROR(GrantRtBudgetToAncestors(h.mount_point, dir,
                                                   static_cast<uint64_t>(*c.realtime_runtime)));
        }
      }
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.rt_runtime_us", absl::StrCat(*c.realtime_runtime)));
    }
    if (c.idle) {
      if (!FileExists(dir, "cpu.idle")) {
        return absl::FailedPreconditionError(
            "linux.resources.cpu.idle: this kernel has no cpu.idle (Linux >= 5.15)");
      }
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.idle", absl::StrCat(*c.idle)));
    }
  }
  if (!c.cpus.empty() || !c.mems.empty()) {
    std::string dir = cg.Dir("cpuset");
    if (dir.empty()) return Missing(c.cpus.empty() ? "cpu.mems" : "cpu.cpus", "cpuset");
    if (!c.cpus.empty()) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpuset.cpus", c.cpus));
    if (!c.mems.empty()) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpuset.mems", c.mems));
  }
  return absl::OkStatus();
}

absl::Status ApplyBlockIo(absl::string_view dir, const config::BlockIoResources& b) {
  // CFQ's blkio.weight, or BFQ's blkio.bfq.weight when CFQ is gone (>= 5.0).
  bool cfq = FileExists(dir, "blkio.weight");
  std::string weight_file = cfq ? "blkio.weight" : "blkio.bfq.weight";
  std::string weight_device_file = cfq ? "blkio.weight_device" : "blkio.bfq.weight_device";
  if (b.weight && *b.weight != 0) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, weight_file, absl::StrCat(*b.weight)));
  }
  if (b.leaf_weight && *b.leaf_weight != 0) {
    if (!FileExists(dir, "blkio.leaf_weight")) {
      return absl::FailedPreconditionError(
          "linux.resources.blockIO.leafWeight: no blkio.leaf_weight (the CFQ scheduler is gone "
          "since Linux 5.0)");
    }
    RETURN_IF_ERROR(WriteCgroupFile(dir, "blkio.leaf_weight", absl::StrCat(*b.leaf_weight)));
  }
  for (const config::BlockIoDevice& d : b.weight_device) {
    // A weight of 0 is not set (Docker writes it so; runc skips it).
    if (d.weight && *d.weight != 0) {
      RETURN_IF_ERROR(
          WriteCgroupFile(dir, weight_device_file, absl::StrCat(DeviceNumbers(d), " ", *d.weight)));
    }
    if (d.leaf_weight && *d.leaf_weight != 0) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "blkio.leaf_weight_device",
                                      absl::StrCat(DeviceNumbers(d), " ", *d.leaf_weight)));
    }
  }
  struct Throttle {
    const std::vector<config::BlockIoDevice>* devices;
    const char* file;
  };
  for (const Throttle& t :
       {Throttle{&b.throttle_read_bps_device, "blkio.throttle.read_bps_device"},
        Throttle{&b.throttle_write_bps_device, "blkio.throttle.write_bps_device"},
        Throttle{&b.throttle_read_iops_device, "blkio.throttle.read_iops_device"},
        Throttle{&b.throttle_write_iops_device, "blkio.throttle.write_iops_device"}}) {
    for (const config::BlockIoDevice& d : *t.devices) {
      RETURN_IF_ERROR(
          WriteCgroupFile(dir, t.file, absl::StrCat(DeviceNumbers(d), " ", d.rate.value_or(0))));
    }
  }
  return absl::OkStatus();
}

bool Expired(const timespec& deadline) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > deadline.tv_sec ||
         (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

}  // namespace

V1Cgroup::V1Cgroup(const std::vector<Hierarchy>& hierarchies, std::string path)
    : path_(std::move(path)) {
  // Named hierarchies only beside controller ones: a v2 host that mounts
  // name=systemd for old guests still gets no v1 directories.
  bool controllers = std::any_of(hierarchies.begin(), hierarchies.end(),
                                 [](const Hierarchy& h) { return !h.v2 && !h.named; });
  for (const Hierarchy& h : hierarchies) {
    if (!h.v2 && (controllers || !h.named)) hierarchies_.push_back(h);
  }
}

std::string V1Cgroup::Dir(absl::string_view controller) const {
  for (const Hierarchy& h : hierarchies_) {
    if (h.Has(controller)) return h.mount_point + path_;
  }
  return "";
}

std::vector<std::string> V1Cgroup::Directories() const {
  std::vector<std::string> dirs;
  for (const Hierarchy& h : hierarchies_) dirs.push_back(h.mount_point + path_);
  return dirs;
}

namespace {

// A new cpuset cgroup starts with no cpus and mems, and no process can
// join it until it has some: empty ones are copied from the parent. `*cpus`
// and `*mems` hold the parent's values when known (empty: not read yet),
// and come back as `dir`'s. A directory just made (`fresh`) is not read:
// it is empty, or holds its parent's values (cgroup.clone_children), and
// writing those is right either way.
absl::Status InheritCpuset(const std::string& parent, const std::string& dir, bool fresh,
                           std::string* cpus, std::string* mems) {
  for (auto [file, value] : {std::pair{"cpuset.cpus", cpus}, std::pair{"cpuset.mems", mems}}) {
    if (!fresh) {
      ASSIGN_OR_RETURN(std::string own, ReadCgroupFile(dir, file));
      absl::string_view v = absl::StripAsciiWhitespace(own);
      if (!v.empty()) {
        *value = std::string(v);
        continue;
      }
    }
    if (value->empty()) {
      ASSIGN_OR_RETURN(std::string inherited, ReadCgroupFile(parent, file));
      *value = std::string(absl::StripAsciiWhitespace(inherited));
    }
    if (!value->empty()) RETURN_IF_ERROR(WriteCgroupFile(dir, file, *value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status V1Cgroup::Create(std::vector<std::string>* created) const {
  for (const Hierarchy& h : hierarchies_) {
    // The common case first: the ancestors exist (the shared /nsinit), so
    // one mkdir makes the cgroup, not one failing with EEXIST per level.
    // Not for cpuset, whose ancestors' cpus and mems must be checked.
    if (!h.Has("cpuset")) {
      ASSIGN_OR_RETURN(bool made, MakeCgroupLeaf(absl::StrCat(h.mount_point, path_), created));
      if (made) continue;
    }
    // Other runtimes create and remove the shared ancestors (/nsinit) at
    // the same time: a directory found existing may still lack its cpuset
    // (so it is checked either way), and one removed under us (ENOENT on
    // its child) is made again, a few times at most.
    for (int attempt = 1;; ++attempt) {
      std::string cur = h.mount_point;
      bool vanished = false;
      std::string cpus, mems;  // the cpuset of the level above, once read
      for (absl::string_view part : absl::StrSplit(path_, '/', absl::SkipEmpty())) {
        std::string parent = cur;
        absl::StrAppend(&cur, "/", part);
        bool fresh = mkdir(cur.c_str(), 0755) == 0;
        if (fresh) {
          created->push_back(cur);
        } else if (errno == ENOENT && attempt < 3) {
          vanished = true;
          break;
        } else if (errno != EEXIST) {
          return LastErrnoStatus(absl::StrCat("mkdir ", cur));
        }
        if (h.Has("cpuset")) RETURN_IF_ERROR(InheritCpuset(parent, cur, fresh, &cpus, &mems));
      }
      if (!vanished) break;
    }
  }
  return absl::OkStatus();
}

absl::Status V1Cgroup::Apply(const config::Resources& r, bool update,
                             std::vector<std::string>* warnings) const {
  if (r.memory) {
    std::string dir = Dir("memory");
    if (dir.empty()) return Missing("memory", "memory");
    RETURN_IF_ERROR(ApplyMemory(dir, *r.memory, update, warnings));
  }
  if (r.cpu) RETURN_IF_ERROR(ApplyCpu(*this, *r.cpu));
  if (r.pids && r.pids->limit) {
    std::string dir = Dir("pids");
    if (dir.empty()) return Missing("pids", "pids");
    // 0 is not set and leaves the file alone; negative is unlimited (runc).
    if (*r.pids->limit != 0)
      RETURN_IF_ERROR(
          WriteCgroupFile(dir, "pids.max",
                          *r.pids->limit <= 0 ? std::string("max") : absl::StrCat(*r.pids->limit)));
  }
  if (r.block_io) {
    std::string dir = Dir("blkio");
    if (dir.empty()) return Missing("blockIO", "blkio");
    RETURN_IF_ERROR(ApplyBlockIo(dir, *r.block_io));
  }
  if (!r.hugepage_limits.empty()) {
    std::string dir = Dir("hugetlb");
    if (dir.empty()) return Missing("hugepageLimits", "hugetlb");
    for (const config::HugepageLimit& l : r.hugepage_limits) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, absl::StrCat("hugetlb.", l.page_size, ".limit_in_bytes"),
                                      absl::StrCat(l.limit)));
      // Reservations are limited too where the kernel (>= 5.7) has them,
      // or a mmap could reserve pages it is later refused (SPEC CG-027).
      std::string rsvd = absl::StrCat("hugetlb.", l.page_size, ".rsvd.limit_in_bytes");
      if (FileExists(dir, rsvd)) RETURN_IF_ERROR(WriteCgroupFile(dir, rsvd, absl::StrCat(l.limit)));
    }
  }
  if (r.network) {
    if (r.network->class_id && *r.network->class_id != 0) {  // 0: not set (runc)
      std::string dir = Dir("net_cls");
      if (dir.empty()) return Missing("network.classID", "net_cls");
      RETURN_IF_ERROR(WriteCgroupFile(dir, "net_cls.classid", absl::StrCat(*r.network->class_id)));
    }
    if (!r.network->priorities.empty()) {
      std::string dir = Dir("net_prio");
      if (dir.empty()) return Missing("network.priorities", "net_prio");
      for (const config::NetworkPriority& p : r.network->priorities) {
        RETURN_IF_ERROR(
            WriteCgroupFile(dir, "net_prio.ifpriomap", absl::StrCat(p.name, " ", p.priority)));
      }
    }
  }
  if (!r.devices.empty()) RETURN_IF_ERROR(ApplyDevices(r.devices));
  return absl::OkStatus();
}

std::string V1DeviceLine(const config::DeviceRule& rule) {
  auto number = [](const std::optional<int64_t>& n) {
    return n && *n >= 0 ? absl::StrCat(*n) : std::string("*");
  };
  std::string type = rule.type.empty() ? "a" : rule.type;
  std::string access = rule.access.empty() ? "rwm" : rule.access;
  return absl::StrCat(type, " ", number(rule.major), ":", number(rule.minor), " ", access);
}

absl::Status V1Cgroup::ApplyDevices(const std::vector<config::DeviceRule>& rules) const {
  std::string dir = Dir("devices");
  if (dir.empty()) return Missing("devices", "devices");
  // Start from nothing allowed, then replay the rules in order: later rules
  // override earlier ones exactly as the OCI list reads. A list that starts
  // by denying everything (every engine's does) starts so by itself.
  auto everything = [](const config::DeviceRule& rule) {
    bool all_types = rule.type.empty() || rule.type == "a";
    bool any_number = (!rule.major || *rule.major < 0) && (!rule.minor || *rule.minor < 0);
    return all_types && any_number && (rule.access.empty() || rule.access == "rwm");
  };
  if (rules.empty() || rules[0].allow || !everything(rules[0])) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "devices.deny", "a"));
  }
  for (const config::DeviceRule& rule : rules) {
    const char* file = rule.allow ? "devices.allow" : "devices.deny";
    bool all_types = rule.type.empty() || rule.type == "a";
    if (everything(rule)) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, file, "a"));
      continue;
    }
    if (all_types) {
      // The kernel reads any "a ..." line as "everything" and drops the
      // numbers and access letters: "a 7:0 r" would allow every device
      // fully. Both types, spelled out, mean what the rule says (SPEC DEV-027).
      config::DeviceRule typed = rule;
      for (const char* type : {"c", "b"}) {
        typed.type = type;
        RETURN_IF_ERROR(WriteCgroupFile(dir, file, V1DeviceLine(typed)));
      }
      continue;
    }
    RETURN_IF_ERROR(WriteCgroupFile(dir, file, V1DeviceLine(rule)));
  }
  return absl::OkStatus();
}

absl::Status V1Cgroup::Freeze(bool frozen) const {
  std::string dir = Dir("freezer");
  if (dir.empty()) return absl::FailedPreconditionError("the v1 freezer controller is not mounted");
  const char* want = frozen ? "FROZEN" : "THAWED";
  RETURN_IF_ERROR(WriteCgroupFile(dir, "freezer.state", want));
  // Reading freezer.state advances FREEZING to FROZEN once every task has
  // stopped; a task that was forking can leave it stuck in FREEZING, which
  // writing FROZEN again resolves (runc does the same). Bounded by a
  // deadline, not by sleeps.
  timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += 5;
  for (int i = 1;; ++i) {
    ASSIGN_OR_RETURN(std::string state, ReadCgroupFile(dir, "freezer.state"));
    absl::string_view s = absl::StripAsciiWhitespace(state);
    if (s == want) return absl::OkStatus();
    if (Expired(deadline)) {
      if (frozen) (void)WriteCgroupFile(dir, "freezer.state", "THAWED");
      return absl::DeadlineExceededError(
          absl::StrCat(dir, "/freezer.state: still ", s, " after 5s waiting for ", want));
    }
    if (i % 100 == 0) RETURN_IF_ERROR(WriteCgroupFile(dir, "freezer.state", want));
    sched_yield();
  }
}

absl::StatusOr<bool> V1Cgroup::Frozen() const {
  std::string dir = Dir("freezer");
  if (dir.empty()) return false;
  ASSIGN_OR_RETURN(std::string state, ReadCgroupFile(dir, "freezer.state"));
  return absl::StripAsciiWhitespace(state) == "FROZEN";
}

}  // namespace nsinit::cgroups

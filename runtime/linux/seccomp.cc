#include "runtime/linux/seccomp.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"
#include "runtime/config/seccomp_names.h"

namespace nsinit::sys {
namespace {

absl::StatusOr<uint32_t> Action(absl::string_view path, const std::string& name,
                                std::optional<uint32_t> errno_ret, bool* notify) {
  const config::SeccompActionInfo* action = config::FindSeccompAction(name);
  if (action == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": unknown seccomp action \"", name, "\""));
  }
  if (action->action == SCMP_ACT_NOTIFY) *notify = true;
  if (!action->takes_ret) return action->action;
  return action->action | (errno_ret.value_or(EPERM) & SECCOMP_RET_DATA);
}

absl::StatusOr<scmp_compare> Operator(absl::string_view path, const std::string& op) {
  const config::SeccompOperatorInfo* row = config::FindSeccompOperator(op);
  if (row == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": unknown seccomp operator \"", op, "\""));
  }
  return row->op;
}

// "SCMP_ARCH_X86_64" -> libseccomp's token for "x86_64".
absl::StatusOr<uint32_t> Arch(absl::string_view path, const std::string& name) {
  const config::SeccompArchInfo* arch = config::FindSeccompArch(name);
  uint32_t token =
      arch == nullptr ? 0 : seccomp_arch_resolve_name(std::string(arch->libseccomp_name).c_str());
  if (token == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": unknown architecture \"", name, "\""));
  }
  return token;
}

// The calls the init makes between loading a filter and handing its
// listener over (sendmsg, close), and on its way out when that fails
// (write, exit_group): notified before the listener is anyone's, they
// would wait forever (SPEC SEC-027). runc refuses `write` for that reason.
constexpr absl::string_view kHandoverSyscalls[] = {"write", "sendmsg", "close", "exit",
                                                   "exit_group"};

absl::Status CheckNotifiable(absl::string_view path, const std::string& name) {
  for (absl::string_view needed : kHandoverSyscalls) {
    if (name != needed) continue;
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": SCMP_ACT_NOTIFY cannot be used for \"", name,
                     "\": the runtime needs it to hand the listener over"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SeccompProgram> CompileSeccomp(const config::Seccomp& s) {
  SeccompProgram program;
  absl::StatusOr<uint32_t> def =
      Action("linux.seccomp.defaultAction", s.default_action, s.default_errno_ret, &program.notify);
  if (!def.ok()) return def.status();
  if (*def == SCMP_ACT_NOTIFY) {
    return absl::InvalidArgumentError(
        "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action: the runtime "
        "needs write, sendmsg and close to hand the listener over");
  }
  scmp_filter_ctx ctx = seccomp_init(*def);
  if (ctx == nullptr) return absl::InternalError("seccomp_init failed");
  absl::Cleanup release = [ctx] { seccomp_release(ctx); };
  // The filter must not depend on the runtime's own no_new_privs choice:
  // the child sets NNP itself when the config asks for it.
  seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);

  for (size_t i = 0; i < s.architectures.size(); ++i) {
    std::string path = absl::StrCat("linux.seccomp.architectures[", i, "]");
    absl::StatusOr<uint32_t> arch = Arch(path, s.architectures[i]);
    if (!arch.ok()) return arch.status();
    int rc = seccomp_arch_add(ctx, *arch);
    if (rc != 0 && rc != -EEXIST) return ErrnoStatus(-rc, absl::StrCat(path, ": seccomp_arch_add"));
  }
  for (size_t i = 0; i < s.flags.size(); ++i) {
    const config::SeccompFlagInfo* flag = config::FindSeccompFlag(s.flags[i]);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("linux.seccomp.flags[", i, "]: unknown flag \"", s.flags[i], "\""));
    }
    if (flag->passed) program.flags |= flag->flag;
  }

  for (size_t i = 0; i < s.syscalls.size(); ++i) {
    const config::SeccompSyscall& sc = s.syscalls[i];
    std::string path = absl::StrCat("linux.seccomp.syscalls[", i, "]");
    absl::StatusOr<uint32_t> action =
        Action(path + ".action", sc.action, sc.errno_ret, &program.notify);
    if (!action.ok()) return action.status();
    if (*action == *def) continue;  // libseccomp refuses rules equal to the default
    std::vector<scmp_arg_cmp> args;
    for (size_t j = 0; j < sc.args.size(); ++j) {
      absl::StatusOr<scmp_compare> op =
          Operator(absl::StrCat(path, ".args[", j, "].op"), sc.args[j].op);
      if (!op.ok()) return op.status();
      args.push_back({sc.args[j].index, *op, sc.args[j].value, sc.args[j].value_two});
    }
    for (size_t j = 0; j < sc.names.size(); ++j) {
      const std::string& name = sc.names[j];
      if (*action == SCMP_ACT_NOTIFY) {
        absl::Status notifiable = CheckNotifiable(absl::StrCat(path, ".names[", j, "]"), name);
        if (!notifiable.ok()) return notifiable;
      }
      int nr = seccomp_syscall_resolve_name(name.c_str());
      // A syscall this libseccomp or architecture does not know is skipped,
      // as runc and crun do: profiles list syscalls of many kernels.
      if (nr == __NR_SCMP_ERROR) continue;
      int rc = seccomp_rule_add_array(ctx, *action, nr, args.size(), args.data());
      if (rc != 0) {
        return ErrnoStatus(-rc, absl::StrCat(path, ": seccomp_rule_add for ", name));
      }
    }
  }
  if (program.notify) program.flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;

  UniqueFd mem(memfd_create("seccomp-bpf", MFD_CLOEXEC));
  if (!mem) return LastErrnoStatus("memfd_create seccomp-bpf");
  if (int rc = seccomp_export_bpf(ctx, mem.get()); rc != 0) {
    return ErrnoStatus(-rc, "seccomp_export_bpf");
  }
  off_t size = lseek(mem.get(), 0, SEEK_END);
  program.bpf.resize(static_cast<size_t>(size));
  if (pread(mem.get(), program.bpf.data(), program.bpf.size(), 0) != size) {
    return LastErrnoStatus("reading the exported seccomp filter");
  }
  return program;
}

}  // namespace nsinit::sys

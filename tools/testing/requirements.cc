#include "tools/testing/requirements.h"

#include <errno.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"

namespace nsinit::testing {

absl::Status NeedRoot() {
  if (geteuid() == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("needs root (euid is ", geteuid(), ")"));
}

absl::Status NeedBinary(absl::string_view path) {
  std::string p(path);
  if (access(p.c_str(), X_OK) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "needs the binary ", p, ": ", ErrnoName(errno), " (access X_OK)"));
}

absl::Status NeedUserNamespaces() {
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus(errno, "fork to probe user namespaces");
  if (pid == 0) _exit(unshare(CLONE_NEWUSER) == 0 ? 0 : errno);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  int err = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  return absl::FailedPreconditionError(
      absl::StrCat("needs user namespaces: unshare(CLONE_NEWUSER) failed: ",
                   err != 0 ? std::string(ErrnoName(err)) : "child killed"));
}

absl::Status NeedCgroupV2Mount() {
  struct statfs sf;
  if (statfs("/sys/fs/cgroup", &sf) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "needs cgroup v2 at /sys/fs/cgroup: statfs: ", ErrnoName(errno)));
  }
  if (static_cast<unsigned long>(sf.f_type) != CGROUP2_SUPER_MAGIC) {
    return absl::FailedPreconditionError(absl::StrCat(
        "needs cgroup v2 at /sys/fs/cgroup: found filesystem magic 0x",
        absl::Hex(static_cast<unsigned long>(sf.f_type))));
  }
  return absl::OkStatus();
}

absl::Status NeedIa32Syscalls() {
#if defined(__x86_64__)
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus(errno, "fork to probe the 32-bit syscall ABI");
  if (pid == 0) {
    long rax = 20;  // getpid in the i386 table
    asm volatile("int $0x80" : "+a"(rax) : : "memory", "r8", "r9", "r10", "r11");
    _exit(rax > 0 ? 0 : 1);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  if (WIFSIGNALED(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("needs the 32-bit x86 syscall ABI: int 0x80 killed the probe with SIG",
                     sigabbrev_np(WTERMSIG(status)), " (no IA32 emulation on this kernel)"));
  }
  return absl::FailedPreconditionError(
      "needs the 32-bit x86 syscall ABI: int 0x80 getpid did not return a pid");
#else
  return absl::FailedPreconditionError("needs the 32-bit x86 syscall ABI: the host is not x86_64");
#endif
}

}  // namespace nsinit::testing

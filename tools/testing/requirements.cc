#include "tools/testing/requirements.h"

#include <errno.h>
#include <linux/magic.h>
#include <sched.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "conformance/status.h"

namespace nsinit::testing {

using ::nsinit::conformance::ErrnoStatus;

namespace {

// "ENOENT": the name people search for (glibc's strerrorname_np).
std::string ErrnoName(int err) {
  const char* name = strerrorname_np(err);
  return name != nullptr ? name : absl::StrCat("errno ", err);
}

}  // namespace

absl::Status NeedRoot() {
  if (geteuid() == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("needs root (euid is ", geteuid(), ")"));
}

absl::Status NeedBinary(absl::string_view path) {
  std::string p(path);
  if (access(p.c_str(), X_OK) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("needs the binary ", p, ": ", ErrnoName(errno), " (access X_OK)"));
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
                   err != 0 ? ErrnoName(err) : "child killed"));
}

absl::Status NeedCgroupV2Mount() {
  struct statfs sf;
  if (statfs("/sys/fs/cgroup", &sf) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("needs cgroup v2 at /sys/fs/cgroup: statfs: ", ErrnoName(errno)));
  }
  if (static_cast<unsigned long>(sf.f_type) != CGROUP2_SUPER_MAGIC) {
    return absl::FailedPreconditionError(
        absl::StrCat("needs cgroup v2 at /sys/fs/cgroup: found filesystem magic 0x",
                     absl::Hex(static_cast<unsigned long>(sf.f_type))));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::testing

#include "runtime/process/procfs_child.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "runtime/base/unique_fd.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

// The file is opened through a detached clone of the /proc mount without
// its submounts, so a config mount bound over a procfs file cannot take
// the write (CVE-2025-52881); without open_tree (no CAP_SYS_ADMIN any more,
// old kernel) the plain path is used. Either way the opened file must be on
// procfs, or the write is refused with EXDEV.
bool WriteProcFileInChild(const std::string& path, const char* value) {
  UniqueFd fd;
  UniqueFd tree(sys::OpenTree(AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
  if (tree) {
    fd.reset(sys::Openat2(tree.get(), path.c_str() + strlen("/proc/"), O_WRONLY | O_CLOEXEC, 0,
                          RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV));
    int saved = errno;
    tree.reset();
    errno = saved;
  } else {
    fd.reset(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  }
  if (!fd) return false;
  struct statfs fs;
  if (fstatfs(fd.get(), &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
    fd.reset();
    errno = EXDEV;
    return false;
  }
  size_t len = strlen(value);
  ssize_t n = write(fd.get(), value, len);
  int saved = errno;
  fd.reset();
  errno = saved;
  return n == static_cast<ssize_t>(len);
}

// The init writes sysctls, its oom_score_adj and its LSM label through
// /proc; a config mount (or a rootfs) that puts something else there would
// silently swallow those writes, leaving the process unconfined
// (CVE-2019-16884, CVE-2023-27561).
void RequireRealProcInChild(ChildStep step) {
  struct statfs fs;
  if (statfs("/proc/self", &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
    errno = EXDEV;
    FailInChild(step, "/proc is not a procfs (something is mounted over it)");
  }
}

std::string ProcFdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace nsinit::process

#include "runtime/process/fds_child.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "runtime/linux/syscalls.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void CloseInheritedFdsInChild(const InitPlan& plan, int sync_fd) {
  // Nothing the runtime had open may reach the container: every fd above
  // stdio is closed at exec (CVE-2024-21626 leaked a host directory fd),
  // except the --preserve-fds the caller asked for. They kept their numbers
  // through clone and re-exec, so the fds received since are above them.
  if (sys::CloseRange(3 + plan.preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    FailInChild(ChildStep::kCloseFds, nullptr);
  }
  // The sync fd may sit in a hole of the preserved range (a closed fd there
  // is passed over): it must not reach the container either.
  if (fcntl(sync_fd, F_SETFD, FD_CLOEXEC) != 0) FailInChild(ChildStep::kCloseFds, "sync fd");
  // Until exec, /proc/<pid> of this process must not be usable from inside
  // the container to ptrace it or open its fds (CVE-2016-9962). exec
  // resets dumpability.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) FailInChild(ChildStep::kDumpable, nullptr);
}

}  // namespace nsinit::process

#include "runtime/process/cgroups_child.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "runtime/base/scm_rights.h"
#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"
#include "runtime/process/sync_child.h"

namespace nsinit::process {
namespace {

// The path of `fd` for an error message ("tasks file" if /proc cannot say).
void NameOfFd(int fd, char* out, size_t size) {
  ssize_t n = readlink(ProcFdPath(fd).c_str(), out, size - 1);
  if (n <= 0) {
    snprintf(out, size, "a cgroup's tasks file");
    return;
  }
  out[n] = '\0';
}

}  // namespace

void JoinCgroupsInChild() {
  int fds[kMaxPassedFds];
  size_t nfds = 0;
  if (!ChildWait(ChildReportFd(), SyncType::kCgroupsMade, fds, &nfds)) {
    errno = ECANCELED;
    FailInChild(ChildStep::kWaitCgroups, "the runtime failed or went away");
  }
  for (size_t i = 0; i < nfds; ++i) {
    ssize_t n;
    do {
      n = write(fds[i], "0", 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
      const int err = errno;
      char path[200];
      NameOfFd(fds[i], path, sizeof(path));
      errno = err;
      FailInChild(ChildStep::kJoinCgroup, path);
    }
    close(fds[i]);
  }
}

}  // namespace nsinit::process

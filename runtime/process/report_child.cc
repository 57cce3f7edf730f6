#include "runtime/process/report_child.h"

#include <errno.h>
#include <unistd.h>

namespace nsinit::process {
namespace {

int g_report_fd = -1;  // the sync socket, then the start connection

}  // namespace

void SetChildReportFd(int fd) { g_report_fd = fd; }

int ChildReportFd() { return g_report_fd; }

void FailInChild(ChildStep step, const char* what) {
  ChildSendError(g_report_fd, step, errno, what);
  _exit(1);
}

void FailInChild(ChildStep step, int err, const std::string& what) {
  ChildSendError(g_report_fd, step, err, what.c_str());
  _exit(1);
}

void AwaitRuntimeInChild(SyncType type, ChildStep step) {
  if (!ChildWait(g_report_fd, type)) {
    errno = ECANCELED;
    FailInChild(step, "the runtime failed or went away");
  }
}

}  // namespace nsinit::process

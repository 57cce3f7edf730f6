#include "runtime/process/start_child.h"

#include <errno.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/base/unique_fd.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

// The parent-death signal is cleared by uid changes, so it is set after
// the last of them, and before kReady: a caller that dies while the init
// waits for start takes the init with it. A parent that died before the
// prctl sends no signal; its end of the sync socket, which it holds until
// kReady, has closed with it, so the init goes now.
void ArmParentDeathSignalInChild(const InitPlan& plan) {
  if (plan.pdeathsig == 0) return;
  if (prctl(PR_SET_PDEATHSIG, plan.pdeathsig, 0, 0, 0) != 0) {
    FailInChild(ChildStep::kPdeathsig, nullptr);
  }
  struct pollfd peer = {ChildReportFd(), POLLRDHUP, 0};
  if (poll(&peer, 1, 0) > 0 && (peer.revents & (POLLRDHUP | POLLHUP)) != 0) _exit(1);
}

void AwaitStartInChild(int start_listener) {
  if (!ChildSendReady(ChildReportFd())) FailInChild(ChildStep::kReady, nullptr);
  if (start_listener < 0) return;
  UniqueFd listener(start_listener);
  int conn;
  do {
    conn = accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
  } while (conn < 0 && errno == EINTR);
  if (conn < 0) FailInChild(ChildStep::kWaitStart, nullptr);
  listener.reset();
  // Held until exec closes it (CLOEXEC): that EOF tells `start` it happened.
  SetChildReportFd(conn);
}

}  // namespace nsinit::process

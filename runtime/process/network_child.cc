#include "runtime/process/network_child.h"

#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "runtime/base/unique_fd.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void BringUpLoopbackInChild(const InitPlan& plan) {
  if (!(plan.unshare_flags & CLONE_NEWNET)) return;
  UniqueFd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  memcpy(ifr.ifr_name, "lo", 3);
  if (!sock || ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0) FailInChild(ChildStep::kLoopback, "lo");
  ifr.ifr_flags |= IFF_UP;
  if (ioctl(sock.get(), SIOCSIFFLAGS, &ifr) != 0) FailInChild(ChildStep::kLoopback, "lo");
  sock.reset();
}

}  // namespace nsinit::process

#include "runtime/network/test_netns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>

#include <thread>

#include "runtime/base/errno_status.h"

namespace nsinit::network {

absl::StatusOr<UniqueFd> NewTestNetns() {
  int fd = -1;
  int err = 0;
  std::thread([&] {
    if (unshare(CLONE_NEWNET) != 0) {
      err = errno;
      return;
    }
    fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0) err = errno;
  }).join();
  if (fd < 0) return ErrnoStatus(err, "unshare CLONE_NEWNET for a test namespace");
  return UniqueFd(fd);
}

int RunInNetns(int netns_fd, const std::function<int()>& fn) {
  int result = 0;
  std::thread([&] {
    if (setns(netns_fd, CLONE_NEWNET) != 0) {
      result = errno;
      return;
    }
    result = fn();
  }).join();
  return result;
}

}  // namespace nsinit::network

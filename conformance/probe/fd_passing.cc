#include "conformance/probe/fd_passing.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

namespace nsinit::probe {

ssize_t ReceiveFds(int sock, void* buf, size_t len, int* fds, size_t* nfds) {
  *nfds = 0;
  struct iovec iov = {buf, len};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxReceivedFds)];
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return n;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    const unsigned char* data = CMSG_DATA(c);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      memcpy(&fd, data + i * sizeof(int), sizeof(int));
      if ((msg.msg_flags & MSG_CTRUNC) == 0 && *nfds < kMaxReceivedFds) {
        fds[(*nfds)++] = fd;
      } else {
        close(fd);
      }
    }
  }
  return n;
}

}  // namespace nsinit::probe

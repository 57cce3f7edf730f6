#include "conformance/probe/fd_passing.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace nsinit::probe {
namespace {

TEST(FdPassingTest, ReceivesDataAndTheFdsSentWithIt) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  int pipefd[2];
  ASSERT_EQ(pipe2(pipefd, O_CLOEXEC), 0);
  // Sender written here by hand, independently of the receiver.
  char payload[] = "hello";
  struct iovec iov = {payload, 5};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &pipefd[1], sizeof(int));
  ASSERT_EQ(sendmsg(sv[0], &msg, 0), 5);

  char buf[16];
  int fds[kMaxReceivedFds];
  size_t nfds = 0;
  ASSERT_EQ(ReceiveFds(sv[1], buf, sizeof(buf), fds, &nfds), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  ASSERT_EQ(nfds, 1u);
  EXPECT_EQ(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ASSERT_EQ(write(fds[0], "x", 1), 1);  // the received fd is the pipe's write end
  char got;
  ASSERT_EQ(read(pipefd[0], &got, 1), 1);
  EXPECT_EQ(got, 'x');
  for (int fd : {sv[0], sv[1], pipefd[0], pipefd[1], fds[0]}) close(fd);
}

}  // namespace
}  // namespace nsinit::probe

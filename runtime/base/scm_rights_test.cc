#include "runtime/base/scm_rights.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace nsinit {
namespace {

ino_t Inode(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

TEST(ScmRightsTest, DataAndFdsArriveTogetherCloseOnExec) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
  int pipefd[2];
  ASSERT_EQ(pipe2(pipefd, O_CLOEXEC), 0);
  ASSERT_EQ(SendWithFds(sv[0], "hello", 5, pipefd, 2), 5);
  char buf[16];
  int fds[kMaxPassedFds];
  size_t nfds = 0;
  ASSERT_EQ(ReceiveWithFds(sv[1], buf, sizeof(buf), fds, &nfds), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  ASSERT_EQ(nfds, 2u);
  EXPECT_EQ(Inode(fds[0]), Inode(pipefd[0]));
  EXPECT_EQ(Inode(fds[1]), Inode(pipefd[1]));
  EXPECT_EQ(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  for (int fd : {fds[0], fds[1], pipefd[0], pipefd[1], sv[0], sv[1]}) close(fd);
}

TEST(ScmRightsTest, ATruncatedMessageFailsAndLeavesNoFd) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
  int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_EQ(SendWithFds(sv[0], "too long", 8, &fd, 1), 8);
  char buf[2];
  int fds[kMaxPassedFds];
  size_t nfds = 7;
  EXPECT_EQ(ReceiveWithFds(sv[1], buf, sizeof(buf), fds, &nfds), -1);
  EXPECT_EQ(errno, EMSGSIZE);
  EXPECT_EQ(nfds, 0u);
  for (int f : {fd, sv[0], sv[1]}) close(f);
}

}  // namespace
}  // namespace nsinit

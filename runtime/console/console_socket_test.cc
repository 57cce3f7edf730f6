// Needs: a writable $TEST_TMPDIR (or /tmp) and /proc. No root.
#include "runtime/console/console_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/base/scm_rights.h"
#include "runtime/base/unique_fd.h"
#include "runtime/base/unix_socket.h"
#include "tools/testing/temp_dir.h"

namespace nsinit {
namespace {

using ::testing::HasSubstr;

class ConsoleSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("console");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<testing::TempDir>(*std::move(dir));
  }

  std::unique_ptr<testing::TempDir> dir_;
};

// A --console-socket deeper than sun_path's 108 bytes still receives the
// fd: the very file sent, with the pty's name as runc sends it.
TEST_F(ConsoleSocketTest, SendsTheFdThroughAPathLongerThanSunPath) {
  absl::StatusOr<std::string> dir = dir_->MakeDeepDir(sizeof(sockaddr_un::sun_path), 'c');
  ASSERT_TRUE(dir.ok()) << dir.status();
  std::string path = *dir + "/console.sock";
  absl::StatusOr<UniqueFd> server = UnixListen(path, SOCK_STREAM, 1);
  ASSERT_TRUE(server.ok()) << server.status();
  UniqueFd sent(open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(sent.valid());
  absl::Status s = SendConsole(path, sent.get());
  ASSERT_TRUE(s.ok()) << s;
  UniqueFd peer(accept4(server->get(), nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_TRUE(peer.valid());
  char name[32] = {};
  int fds[kMaxPassedFds];
  size_t nfds = 0;
  ASSERT_GT(ReceiveWithFds(peer.get(), name, sizeof(name) - 1, fds, &nfds), 0);
  ASSERT_EQ(nfds, 1u);
  UniqueFd got(fds[0]);
  EXPECT_STREQ(name, "/dev/ptmx");
  struct stat a, b;
  ASSERT_EQ(fstat(sent.get(), &a), 0);
  ASSERT_EQ(fstat(got.get(), &b), 0);
  EXPECT_EQ(a.st_rdev, b.st_rdev);
  EXPECT_EQ(a.st_ino, b.st_ino);
}

TEST_F(ConsoleSocketTest, AMissingSocketNamesTheFlagConnectAndThePath) {
  std::string path = dir_->Sub("none.sock");
  absl::Status s = SendConsole(path, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), absl::StrCat("--console-socket: connect ", path,
                                      ": ENOENT: No such file or directory"));
}

}  // namespace
}  // namespace nsinit

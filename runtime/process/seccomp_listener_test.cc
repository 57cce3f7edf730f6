// Needs: a writable $TEST_TMPDIR (or /tmp) and /proc. No root.
#include "runtime/process/seccomp_listener.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/base/unique_fd.h"
#include "runtime/base/unix_socket.h"
#include "tools/testing/temp_dir.h"

namespace nsinit {
namespace {

class SeccompListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("listener");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<testing::TempDir>(*std::move(dir));
  }

  std::unique_ptr<testing::TempDir> dir_;
};

// listenerPath is a path like any other: one longer than sun_path's 108
// bytes (a bundle under a deep TMPDIR) is reached, not refused.
TEST_F(SeccompListenerTest, ConnectsToAPathLongerThanSunPath) {
  absl::StatusOr<std::string> dir = dir_->MakeDeepDir(sizeof(sockaddr_un::sun_path), 'l');
  ASSERT_TRUE(dir.ok()) << dir.status();
  std::string path = *dir + "/listener.sock";
  absl::StatusOr<UniqueFd> server = UnixListen(path, SOCK_STREAM, 1);
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<UniqueFd> client = ConnectSeccompListener(path);
  ASSERT_TRUE(client.ok()) << client.status();
  UniqueFd peer(accept4(server->get(), nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_TRUE(peer.valid());
}

TEST_F(SeccompListenerTest, AMissingListenerNamesTheFieldConnectAndThePath) {
  std::string path = dir_->Sub("none.sock");
  absl::StatusOr<UniqueFd> fd = ConnectSeccompListener(path);
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.status().message(), absl::StrCat("linux.seccomp.listenerPath: connect ", path,
                                                ": ENOENT: No such file or directory"));
}

}  // namespace
}  // namespace nsinit

// Needs: a writable $TEST_TMPDIR (or /tmp) and /proc (long paths go
// through /proc/self/fd). No root.
#include "runtime/base/unix_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/testing/temp_dir.h"

namespace nsinit {
namespace {

using ::testing::HasSubstr;

class UnixSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("sock");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<testing::TempDir>(*std::move(dir));
  }

  // A directory path under the temp dir long enough that any socket in it
  // is past sun_path's 108 bytes.
  std::string LongDir() const {
    absl::StatusOr<std::string> dir = dir_->MakeDeepDir(sizeof(sockaddr_un::sun_path));
    EXPECT_TRUE(dir.ok()) << dir.status();
    return dir.ok() ? *dir : dir_->path();
  }

  std::unique_ptr<testing::TempDir> dir_;
};

bool IsCloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

// Listens on `path`, connects to it, and passes one message across.
void ExpectRoundTrip(const std::string& path, int type) {
  absl::StatusOr<UniqueFd> server = UnixListen(path, type, 1);
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<UniqueFd> client = UnixConnect(path, type);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_TRUE(IsCloexec(server->get()));
  EXPECT_TRUE(IsCloexec(client->get()));
  UniqueFd peer(accept4(server->get(), nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_TRUE(peer.valid());
  ASSERT_EQ(send(client->get(), "ping", 4, MSG_NOSIGNAL), 4);
  char buf[8] = {};
  ASSERT_EQ(recv(peer.get(), buf, sizeof(buf), 0), 4);
  EXPECT_STREQ(buf, "ping");
  int got_type = 0;
  socklen_t len = sizeof(got_type);
  ASSERT_EQ(getsockopt(client->get(), SOL_SOCKET, SO_TYPE, &got_type, &len), 0);
  EXPECT_EQ(got_type, type);
  // The socket is at `path` itself, not at the /proc/self/fd alias.
  struct stat st;
  ASSERT_EQ(lstat(path.c_str(), &st), 0) << path;
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
}

TEST_F(UnixSocketTest, ShortPathStream) { ExpectRoundTrip(dir_->Sub("s.sock"), SOCK_STREAM); }

TEST_F(UnixSocketTest, ShortPathSeqpacket) { ExpectRoundTrip(dir_->Sub("s.sock"), SOCK_SEQPACKET); }

TEST_F(UnixSocketTest, PathLongerThanSunPath) {
  std::string path = LongDir() + "/start.sock";
  ASSERT_GE(path.size(), sizeof(sockaddr_un::sun_path));
  ExpectRoundTrip(path, SOCK_SEQPACKET);
}

TEST_F(UnixSocketTest, MissingSocketNamesConnectAndThePath) {
  std::string path = dir_->Sub("none.sock");
  absl::StatusOr<UniqueFd> fd = UnixConnect(path);
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(fd.status().message(),
            absl::StrCat("connect ", path, ": ENOENT: No such file or directory"));
}

TEST_F(UnixSocketTest, LongPathInAMissingDirectoryNamesTheDirectory) {
  std::string dir = LongDir() + "/gone";
  std::string path = dir + "/s.sock";
  absl::StatusOr<UniqueFd> fd = UnixConnect(path);
  ASSERT_FALSE(fd.ok());
  EXPECT_THAT(std::string(fd.status().message()),
              HasSubstr(absl::StrCat("open ", dir, " (O_PATH|O_DIRECTORY) to reach the socket ",
                                     path, ": ENOENT")));
}

TEST_F(UnixSocketTest, ANameTooLongEvenThroughProcIsRefused) {
  std::string path = dir_->Sub(std::string(sizeof(sockaddr_un::sun_path), 'n'));
  absl::StatusOr<UniqueFd> fd = UnixListen(path, SOCK_STREAM, 1);
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(fd.status().message()), HasSubstr("unix socket path too long: " + path));
}

TEST_F(UnixSocketTest, ListeningTwiceNamesBind) {
  std::string path = dir_->Sub("s.sock");
  absl::StatusOr<UniqueFd> first = UnixListen(path, SOCK_STREAM, 1);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<UniqueFd> second = UnixListen(path, SOCK_STREAM, 1);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("bind " + path + ": EADDRINUSE"));
}

TEST_F(UnixSocketTest, AnEmptyPathIsRefused) {
  EXPECT_EQ(UnixConnect("").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nsinit

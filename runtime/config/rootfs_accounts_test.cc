#include "runtime/config/rootfs_accounts.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::config {
namespace {

class RootfsAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("accounts");
    ASSERT_TRUE(dir.ok()) << dir.status();
    rootfs_.emplace(*std::move(dir));
    ASSERT_EQ(mkdir(rootfs_->Sub("etc").c_str(), 0755), 0);
  }

  void Write(const std::string& file, const std::string& text) {
    int fd = open(rootfs_->Sub(file).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    close(fd);
  }

  std::string root() const { return rootfs_->path(); }

  std::optional<testing::TempDir> rootfs_;
};

TEST_F(RootfsAccountsTest, FindsPasswdEntriesByNameAndById) {
  Write("etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\n"
        "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
        "app:x:1000:1001:App:/home/app:/bin/sh\n");
  std::optional<AccountEntry> app = FindAccountByName(root(), "/etc/passwd", "app");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(app->id, 1000u);
  EXPECT_EQ(app->gid, 1001u);
  EXPECT_EQ(app->home, "/home/app");
  std::optional<AccountEntry> daemon = FindAccountById(root(), "/etc/passwd", 1);
  ASSERT_TRUE(daemon.has_value());
  EXPECT_EQ(daemon->name, "daemon");
  EXPECT_EQ(daemon->home, "/usr/sbin");
  EXPECT_FALSE(FindAccountByName(root(), "/etc/passwd", "nobody").has_value());
  EXPECT_FALSE(FindAccountById(root(), "/etc/passwd", 65534).has_value());
}

TEST_F(RootfsAccountsTest, GroupLinesHaveNoPrimaryGroupOrHome) {
  Write("etc/group", "wheel:x:10:root,app\nstaff:x:50:\n");
  std::optional<AccountEntry> staff = FindAccountByName(root(), "/etc/group", "staff");
  ASSERT_TRUE(staff.has_value());
  EXPECT_EQ(staff->id, 50u);
  EXPECT_FALSE(staff->gid.has_value());
  EXPECT_EQ(staff->home, "");
}

TEST_F(RootfsAccountsTest, MalformedLinesAreSkipped) {
  Write("etc/passwd",
        "# a comment\n"
        "\n"
        "short:x\n"
        "app:x:notanumber:0::/nowhere:/bin/sh\n"
        "app:x:1000:1000::/home/app:/bin/sh\n"
        "nogroup:x:7:bad::/home/ng:/bin/sh\n");
  std::optional<AccountEntry> app = FindAccountByName(root(), "/etc/passwd", "app");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(app->home, "/home/app");
  std::optional<AccountEntry> ng = FindAccountById(root(), "/etc/passwd", 7);
  ASSERT_TRUE(ng.has_value());
  EXPECT_FALSE(ng->gid.has_value()) << "a group that is not a number is none";
}

// A hostile image: its passwd a link to the host's, a FIFO, or missing.
TEST_F(RootfsAccountsTest, AFileThatIsNotARegularFileOfTheRootfsIsNoEntry) {
  ASSERT_EQ(symlink("/etc/passwd", rootfs_->Sub("etc/passwd").c_str()), 0);
  // The host's root is in its passwd; through the link it must not be found.
  EXPECT_FALSE(FindAccountById(root(), "/etc/passwd", 0).has_value());
  ASSERT_EQ(mkfifo(rootfs_->Sub("etc/group").c_str(), 0644), 0);
  EXPECT_FALSE(FindAccountByName(root(), "/etc/group", "root").has_value());
  EXPECT_FALSE(FindAccountByName(root(), "/etc/shadow", "root").has_value());
}

}  // namespace
}  // namespace nsinit::config

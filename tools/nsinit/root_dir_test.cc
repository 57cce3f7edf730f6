#include "tools/nsinit/root_dir.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace nsinit::cli {
namespace {

class RootDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TEST_TMPDIR");
    dir_ = std::string(tmp ? tmp : "/tmp") + "/root-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
  }
  static unsigned Mode(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return 0;
    return st.st_mode & 07777;
  }
  std::string dir_;
};

// containerd's --root /run/containerd/runc/default: every missing
// component is made, private (0700), as runc's MkdirAll does.
TEST_F(RootDirTest, MissingParentsAreMadePrivate) {
  std::string root = dir_ + "/containerd/runc/default";
  ASSERT_TRUE(MakeRootWhole(root).ok());
  EXPECT_EQ(Mode(dir_ + "/containerd"), 0700u);
  EXPECT_EQ(Mode(dir_ + "/containerd/runc"), 0700u);
  EXPECT_EQ(Mode(root), 0700u);
  // Again: nothing to do, no error; a trailing slash is the same path.
  EXPECT_TRUE(MakeRootWhole(root).ok());
  EXPECT_TRUE(MakeRootWhole(root + "/").ok());
}

TEST_F(RootDirTest, ExistingDirectoriesKeepTheirMode) {
  ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
  ASSERT_TRUE(MakeRootWhole(dir_ + "/x").ok());
  EXPECT_EQ(Mode(dir_), 0755u);
}

TEST_F(RootDirTest, AFileInTheWayIsNamed) {
  std::ofstream(dir_ + "/file") << "x";
  absl::Status s = MakeRootWhole(dir_ + "/file/root");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(dir_ + "/file"), std::string::npos) << s;
  EXPECT_FALSE(MakeRootWhole(dir_ + "/file").ok());
}

}  // namespace
}  // namespace nsinit::cli

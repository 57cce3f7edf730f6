#include "tools/testing/temp_dir.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/mount_table.h"
#include "tools/testing/requirements.h"

namespace nsinit::testing {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

void Touch(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path;
  close(fd);
}

bool IsMounted(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> points = ReadMountPoints();
  if (!points.ok()) return false;
  for (const std::string& p : *points) {
    if (p == path) return true;
  }
  return false;
}

TEST(TempDirTest, CreatesUnderTestTmpdirAndRemovesTree) {
  std::string path;
  {
    absl::StatusOr<TempDir> dir = TempDir::Create("t");
    ASSERT_TRUE(dir.ok()) << dir.status();
    path = dir->path();
    char root[4096];
    ASSERT_NE(realpath(TestTmpRoot().c_str(), root), nullptr);
    EXPECT_EQ(path.rfind(std::string(root) + "/t.", 0), 0u) << path;
    ASSERT_EQ(mkdir(dir->Sub("a").c_str(), 0755), 0);
    ASSERT_EQ(mkdir(dir->Sub("a/b").c_str(), 0), 0);  // unreadable mode
    Touch(dir->Sub("a/b/file"));
    ASSERT_EQ(mkfifo(dir->Sub("fifo").c_str(), 0644), 0);
  }
  EXPECT_FALSE(Exists(path));
}

TEST(TempDirTest, MoveTransfersOwnership) {
  absl::StatusOr<TempDir> a = TempDir::Create();
  ASSERT_TRUE(a.ok());
  std::string path = a->path();
  TempDir b = std::move(*a);
  EXPECT_EQ(b.path(), path);
  EXPECT_TRUE(a->path().empty());
  EXPECT_TRUE(Exists(path));
  ASSERT_TRUE(b.Remove().ok());
  EXPECT_FALSE(Exists(path));
  EXPECT_TRUE(b.Remove().ok());  // idempotent
}

TEST(TempDirTest, SymlinkOutOfTreeIsNotFollowed) {
  absl::StatusOr<TempDir> outside = TempDir::Create("outside");
  ASSERT_TRUE(outside.ok());
  std::string canary = outside->Sub("canary");
  ASSERT_EQ(mkdir(canary.c_str(), 0755), 0);
  Touch(canary + "/keep");
  std::string tree_path;
  {
    absl::StatusOr<TempDir> tree = TempDir::Create("tree");
    ASSERT_TRUE(tree.ok());
    tree_path = tree->path();
    ASSERT_EQ(symlink(canary.c_str(), tree->Sub("dirlink").c_str()), 0);
    ASSERT_EQ(symlink((canary + "/keep").c_str(), tree->Sub("filelink").c_str()), 0);
    ASSERT_EQ(mkdir(tree->Sub("d").c_str(), 0755), 0);
    ASSERT_EQ(symlink("../../", tree->Sub("d/up").c_str()), 0);
  }
  EXPECT_FALSE(Exists(tree_path));
  EXPECT_TRUE(Exists(canary + "/keep"));
}

TEST(TempDirTest, LeftoverMountsAreDetachedFirst) {
  SKIP_UNLESS(NeedRoot());
  std::string path;
  {
    absl::StatusOr<TempDir> dir = TempDir::Create("mounts");
    ASSERT_TRUE(dir.ok());
    path = dir->path();
    std::string mnt = dir->Sub("m");
    ASSERT_EQ(mkdir(mnt.c_str(), 0755), 0);
    ASSERT_EQ(mount("t", mnt.c_str(), "tmpfs", 0, "size=1m"), 0) << strerror(errno);
    // A nested and a stacked mount, as a half-built container leaves them.
    ASSERT_EQ(mkdir((mnt + "/inner").c_str(), 0755), 0);
    ASSERT_EQ(mount("t", (mnt + "/inner").c_str(), "tmpfs", 0, nullptr), 0);
    ASSERT_EQ(mount("t", mnt.c_str(), "tmpfs", 0, nullptr), 0);
    Touch(mnt + "/on-top");
    EXPECT_TRUE(IsMounted(mnt));
  }
  EXPECT_FALSE(Exists(path));
  EXPECT_FALSE(IsMounted(path + "/m"));
  EXPECT_FALSE(IsMounted(path + "/m/inner"));
}

TEST(TempDirTest, RemoveTreeRefusesToDescendIntoAMount) {
  SKIP_UNLESS(NeedRoot());
  absl::StatusOr<TempDir> dir = TempDir::Create("refuse");
  ASSERT_TRUE(dir.ok());
  std::string mnt = dir->Sub("m");
  ASSERT_EQ(mkdir(mnt.c_str(), 0755), 0);
  ASSERT_EQ(mount("t", mnt.c_str(), "tmpfs", 0, nullptr), 0);
  Touch(mnt + "/precious");
  absl::Status s = RemoveTree(dir->path());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("mount point"), absl::string_view::npos) << s;
  EXPECT_TRUE(Exists(mnt + "/precious"));
  // The destructor then unmounts and removes it.
}

}  // namespace
}  // namespace nsinit::testing

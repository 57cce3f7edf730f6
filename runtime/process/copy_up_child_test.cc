#include "runtime/process/copy_up_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

class CopyUpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    umask(022);  // the copy must not depend on it
    const char* tmp = getenv("TEST_TMPDIR");
    base_ = absl::StrCat(tmp ? tmp : "/tmp", "/copyup-", getpid(), "-", counter_++);
    ASSERT_EQ(mkdir(base_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir(Src("").c_str(), 0755), 0);
    ASSERT_EQ(mkdir(Dst("").c_str(), 0755), 0);
  }
  std::string Src(const std::string& rel) { return base_ + "/src/" + rel; }
  std::string Dst(const std::string& rel) { return base_ + "/dst/" + rel; }
  void Write(const std::string& rel, const std::string& text, mode_t mode) {
    std::ofstream(Src(rel)) << text;
    ASSERT_EQ(chmod(Src(rel).c_str(), mode), 0);
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static struct stat Lstat(const std::string& path) {
    struct stat st = {};
    EXPECT_EQ(lstat(path.c_str(), &st), 0) << path << ": " << strerror(errno);
    return st;
  }
  // Runs the copy; returns its result, errno in *err and the failed path.
  int Copy(int* err = nullptr, std::string* failed = nullptr) {
    int src = open(Src("").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int dst = open(Dst("").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_GE(src, 0);
    EXPECT_GE(dst, 0);
    std::string what = "unset";
    int rc = CopyTreeInChild(src, dst, &what);
    if (err != nullptr) *err = errno;
    if (failed != nullptr) *failed = what;
    close(src);
    close(dst);
    return rc;
  }

  std::string base_;
  static inline int counter_ = 0;
};

TEST_F(CopyUpTest, CopiesFilesDirectoriesAndSymlinksWithTheirModes) {
  Write("file", "image data\n", 0640);
  ASSERT_EQ(mkdir(Src("sub").c_str(), 0700), 0);
  ASSERT_EQ(chmod(Src("sub").c_str(), 0777), 0);  // wider than the umask allows
  Write("sub/inner", "inner\n", 0604);
  Write("sub/setuid", "", 04755);
  ASSERT_EQ(mkdir(Src("sub/empty").c_str(), 01733), 0);
  ASSERT_EQ(chmod(Src("sub/empty").c_str(), 01733), 0);
  // Absolute and relative: copied as text, never followed.
  ASSERT_EQ(symlink("/etc/passwd", Src("abs").c_str()), 0);
  ASSERT_EQ(symlink("sub/inner", Src("rel").c_str()), 0);
  ASSERT_EQ(symlink("missing", Src("dangling").c_str()), 0);
  ASSERT_EQ(mkfifo(Src("fifo").c_str(), 0620), 0);
  ASSERT_EQ(chmod(Src("fifo").c_str(), 0620), 0);

  int err = 0;
  std::string failed;
  ASSERT_EQ(Copy(&err, &failed), 0) << failed << ": " << strerror(err);

  EXPECT_EQ(Read(Dst("file")), "image data\n");
  EXPECT_EQ(Lstat(Dst("file")).st_mode, S_IFREG | 0640);
  EXPECT_EQ(Lstat(Dst("sub")).st_mode, S_IFDIR | 0777);
  EXPECT_EQ(Read(Dst("sub/inner")), "inner\n");
  EXPECT_EQ(Lstat(Dst("sub/inner")).st_mode, S_IFREG | 0604);
  EXPECT_EQ(Lstat(Dst("sub/setuid")).st_mode, S_IFREG | 04755);
  EXPECT_EQ(Lstat(Dst("sub/empty")).st_mode, S_IFDIR | 01733);
  EXPECT_EQ(Lstat(Dst("fifo")).st_mode, S_IFIFO | 0620);
  char link[64] = {};
  ASSERT_TRUE(S_ISLNK(Lstat(Dst("abs")).st_mode));
  ASSERT_GT(readlink(Dst("abs").c_str(), link, sizeof(link) - 1), 0);
  EXPECT_STREQ(link, "/etc/passwd");
  memset(link, 0, sizeof(link));
  ASSERT_GT(readlink(Dst("rel").c_str(), link, sizeof(link) - 1), 0);
  EXPECT_STREQ(link, "sub/inner");
  EXPECT_TRUE(S_ISLNK(Lstat(Dst("dangling")).st_mode));
}

TEST_F(CopyUpTest, KeepsTimes) {
  Write("old", "x", 0644);
  ASSERT_EQ(mkdir(Src("dir").c_str(), 0755), 0);
  Write("dir/f", "y", 0644);
  ASSERT_EQ(symlink("old", Src("link").c_str()), 0);
  struct timespec past[2] = {{1000000000, 5}, {1100000000, 7}};
  ASSERT_EQ(utimensat(AT_FDCWD, Src("old").c_str(), past, 0), 0);
  ASSERT_EQ(utimensat(AT_FDCWD, Src("dir").c_str(), past, 0), 0);  // after its entry
  ASSERT_EQ(utimensat(AT_FDCWD, Src("link").c_str(), past, AT_SYMLINK_NOFOLLOW), 0);
  ASSERT_EQ(Copy(), 0);
  for (const char* name : {"old", "dir", "link"}) {
    struct stat st = Lstat(Dst(name));
    EXPECT_EQ(st.st_mtim.tv_sec, 1100000000) << name;
    EXPECT_EQ(st.st_mtim.tv_nsec, 7) << name;
    EXPECT_EQ(st.st_atim.tv_sec, 1000000000) << name;
  }
}

TEST_F(CopyUpTest, KeepsHolesAndTheSize) {
  // 1 GiB of hole between two bytes of data: copied as written, the copy
  // must not allocate the hole (a tmpfs is memory).
  constexpr off_t kSize = off_t{1} << 30;
  int fd = open(Src("sparse").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "a", 1, 0), 1);
  ASSERT_EQ(pwrite(fd, "z", 1, kSize - 1), 1);
  close(fd);
  Write("big", std::string(200000, 'q'), 0644);  // more than one read buffer
  int err = 0;
  std::string failed;
  ASSERT_EQ(Copy(&err, &failed), 0) << failed << ": " << strerror(err);
  struct stat st = Lstat(Dst("sparse"));
  EXPECT_EQ(st.st_size, kSize);
  EXPECT_LT(st.st_blocks * 512, 16 << 20) << "the hole was written out";
  fd = open(Dst("sparse").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c[3] = {};
  EXPECT_EQ(pread(fd, c, 1, 0), 1);
  EXPECT_EQ(pread(fd, c + 1, 1, kSize - 1), 1);
  close(fd);
  EXPECT_STREQ(c, "az");
  EXPECT_EQ(Read(Dst("big")), std::string(200000, 'q'));
}

TEST_F(CopyUpTest, KeepsOwners) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to chown to other users";
  Write("owned", "z", 0600);
  if (chown(Src("owned").c_str(), 1234, 5678) != 0 && errno == EINVAL) {
    // Bazel's sandbox is a user namespace that maps root alone.
    GTEST_SKIP() << "uid 1234 is not mapped in this user namespace";
  }
  ASSERT_EQ(Lstat(Src("owned")).st_uid, 1234u);
  ASSERT_EQ(mkdir(Src("dir").c_str(), 0755), 0);
  ASSERT_EQ(chown(Src("dir").c_str(), 4321, 8765), 0);
  ASSERT_EQ(symlink("owned", Src("link").c_str()), 0);
  ASSERT_EQ(lchown(Src("link").c_str(), 11, 12), 0);
  ASSERT_EQ(Copy(), 0);
  EXPECT_EQ(Lstat(Dst("owned")).st_uid, 1234u);
  EXPECT_EQ(Lstat(Dst("owned")).st_gid, 5678u);
  EXPECT_EQ(Lstat(Dst("dir")).st_uid, 4321u);
  EXPECT_EQ(Lstat(Dst("dir")).st_gid, 8765u);
  EXPECT_EQ(Lstat(Dst("link")).st_uid, 11u);
  EXPECT_EQ(Lstat(Dst("link")).st_gid, 12u);
}

TEST_F(CopyUpTest, AnEmptyDirectoryCopiesNothing) {
  ASSERT_EQ(Copy(), 0);
  EXPECT_EQ(rmdir(Dst("").c_str()), 0);  // still empty
}

TEST_F(CopyUpTest, AFailureNamesTheEntry) {
  ASSERT_EQ(mkdir(Src("a").c_str(), 0755), 0);
  Write("a/taken", "new", 0644);
  ASSERT_EQ(mkdir(Dst("a").c_str(), 0755), 0);  // the destination is not empty
  int err = 0;
  std::string failed;
  EXPECT_EQ(Copy(&err, &failed), -1);
  EXPECT_EQ(err, EEXIST);
  EXPECT_EQ(failed, "a");
}

TEST_F(CopyUpTest, TooDeepATreeFails) {
  std::string rel;
  for (int i = 0; i <= kCopyUpMaxDepth; ++i) {
    rel += i == 0 ? "d" : "/d";
    ASSERT_EQ(mkdir(Src(rel).c_str(), 0755), 0) << i;
  }
  int err = 0;
  std::string failed;
  EXPECT_EQ(Copy(&err, &failed), -1);
  EXPECT_EQ(err, ELOOP);
  EXPECT_EQ(failed, rel);  // the whole path, however long
}

}  // namespace
}  // namespace nsinit::process

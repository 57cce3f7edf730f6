#include "runtime/process/self_exe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

// CVE-2019-5736: what the runtime execs must not be writable through
// /proc/<pid>/exe or any fd reopened from it.
TEST(SelfExeTest, TheReadOnlyViewRefusesWritesThroughReopenedFds) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (open_tree OPEN_TREE_CLONE)";
  const char* tmp = getenv("TEST_TMPDIR");
  std::string path = absl::StrCat(tmp ? tmp : "/tmp", "/canary-binary");
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "original", 8), 8);
  close(fd);

  absl::StatusOr<int> view = ReadOnlyView(path.c_str());
  ASSERT_TRUE(view.ok()) << view.status();
  std::string through = absl::StrCat("/proc/self/fd/", *view);
  EXPECT_LT(open(through.c_str(), O_WRONLY | O_CLOEXEC), 0);
  EXPECT_EQ(errno, EROFS);
  EXPECT_LT(open(through.c_str(), O_RDWR | O_TRUNC | O_CLOEXEC), 0);
  int reader = open(through.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  char buf[16] = {};
  EXPECT_EQ(read(reader, buf, sizeof(buf)), 8);
  EXPECT_STREQ(buf, "original");
  close(reader);
  close(*view);
  unlink(path.c_str());
}

TEST(SelfExeTest, SelfExeIsNeitherWritableNorAPlainPathToTheBinary) {
  absl::StatusOr<int> exe = SealedSelfExe();
  ASSERT_TRUE(exe.ok()) << exe.status();
  std::string through = absl::StrCat("/proc/self/fd/", *exe);
  EXPECT_LT(open(through.c_str(), O_WRONLY | O_CLOEXEC), 0);
  EXPECT_TRUE(errno == EROFS || errno == EPERM || errno == ETXTBSY) << errno;
  EXPECT_EQ(SealedSelfExe().value(), *exe) << "made once per process";
}

}  // namespace
}  // namespace nsinit::process

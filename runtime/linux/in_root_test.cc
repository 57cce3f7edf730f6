#include "runtime/linux/in_root.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace nsinit::sys {
namespace {

class InRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TEST_TMPDIR");
    root_ = absl::StrCat(tmp ? tmp : "/tmp", "/inroot-", getpid(), "-", counter_++);
    ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/etc").c_str(), 0755), 0);
  }
  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ + "/" + rel) << text;
  }
  void Link(const std::string& target, const std::string& rel) {
    ASSERT_EQ(symlink(target.c_str(), (root_ + "/" + rel).c_str()), 0);
  }
  std::string root_;
  static inline int counter_ = 0;
};

TEST_F(InRootTest, ReadsARegularFile) {
  Write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  absl::StatusOr<std::string> got = ReadFileInRoot(root_, "/etc/passwd");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "root:x:0:0::/root:/bin/sh\n");
}

TEST_F(InRootTest, AbsoluteSymlinkResolvesInsideTheRoot) {
  // On the host /etc/hostname exists; inside this root it does not.
  Link("/etc/hostname", "etc/passwd");
  EXPECT_EQ(ReadFileInRoot(root_, "/etc/passwd").status().code(), absl::StatusCode::kNotFound);
  Write("etc/real", "in-root\n");
  Link("/../../../etc/real", "etc/group");
  absl::StatusOr<std::string> got = ReadFileInRoot(root_, "etc/group");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "in-root\n");
}

TEST_F(InRootTest, DeviceFifoLoopAndMagicLinkAreRefusedWithoutBlocking) {
  ASSERT_EQ(mkdir((root_ + "/dev").c_str(), 0755), 0);
  ASSERT_EQ(mknod((root_ + "/dev/zero").c_str(), S_IFCHR | 0666, makedev(1, 5)), 0);
  Link("/dev/zero", "etc/passwd");
  EXPECT_EQ(ReadFileInRoot(root_, "/etc/passwd").status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_EQ(mkfifo((root_ + "/etc/group").c_str(), 0644), 0);
  EXPECT_EQ(ReadFileInRoot(root_, "/etc/group").status().code(),
            absl::StatusCode::kFailedPrecondition);
  Link("loop-b", "etc/loop-a");
  Link("loop-a", "etc/loop-b");
  absl::Status loop = ReadFileInRoot(root_, "/etc/loop-a").status();
  EXPECT_NE(loop.message().find("ELOOP"), std::string::npos) << loop;
  Link("/proc/self/root/etc/hostname", "etc/magic");
  EXPECT_FALSE(ReadFileInRoot(root_, "/etc/magic").ok());
}

TEST_F(InRootTest, HugeFileIsRefused) {
  Write("etc/passwd", std::string(4096, 'x'));
  EXPECT_EQ(ReadFileInRoot(root_, "/etc/passwd", 1024).status().code(),
            absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace nsinit::sys

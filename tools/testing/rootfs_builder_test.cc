#include "tools/testing/rootfs_builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/host_binaries.h"
#include "tools/testing/requirements.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::testing {
namespace {

std::string ProbePath() {
  const char* srcdir = getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/nsinit/conformance/probe/probe";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fork, chroot into `root`, exec argv; returns stdout and the wait status.
std::string RunChrooted(const std::string& root, std::vector<std::string> argv, int* status) {
  int out[2];
  EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    if (chroot(root.c_str()) != 0 || chdir("/") != 0) _exit(120);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    char env_path[] = "PATH=/bin";
    char* envp[] = {env_path, nullptr};
    execve(args[0], args.data(), envp);
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0) text.append(buf, n);
  close(out[0]);
  waitpid(pid, status, 0);
  return text;
}

class RootfsBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> busybox = FindBusybox();
    ASSERT_TRUE(busybox.ok()) << busybox.status();
    absl::StatusOr<TempDir> dir = TempDir::Create("rootfs");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_.emplace(std::move(*dir));
    root_ = dir_->Sub("rootfs");
  }

  std::optional<TempDir> dir_;
  std::string root_;
};

TEST_F(RootfsBuilderTest, HasBusyboxAppletsDirsAndEtc) {
  absl::Status s = RootfsBuilder().SetHostname("box").Build(root_);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(CheckStaticElf(root_ + "/bin/busybox").ok());
  for (const char* applet :
       {"sh", "ls", "cat", "echo", "id", "true", "false", "sleep", "ps", "mount", "hostname", "env",
        "pwd", "stat", "readlink", "grep", "mkdir", "touch", "test"}) {
    char target[256] = {};
    std::string link = root_ + "/bin/" + applet;
    ASSERT_GT(readlink(link.c_str(), target, sizeof(target) - 1), 0) << link;
    EXPECT_STREQ(target, "/bin/busybox");
  }
  struct stat st;
  ASSERT_EQ(lstat((root_ + "/usr/bin/env").c_str(), &st), 0);
  ASSERT_EQ(stat((root_ + "/tmp").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 01777u);
  for (const char* d : {"proc", "sys", "dev", "etc", "root", "run", "var"}) {
    ASSERT_EQ(stat((root_ + "/" + d).c_str(), &st), 0) << d;
    EXPECT_TRUE(S_ISDIR(st.st_mode)) << d;
  }
  EXPECT_EQ(ReadAll(root_ + "/etc/hostname"), "box\n");
  std::string passwd = ReadAll(root_ + "/etc/passwd");
  EXPECT_NE(passwd.find("root:x:0:0:"), std::string::npos);
  EXPECT_NE(passwd.find("user:x:1000:1000:user:/home/user:"), std::string::npos);
  EXPECT_NE(ReadAll(root_ + "/etc/group").find("users:x:100:user\n"), std::string::npos);
}

TEST_F(RootfsBuilderTest, BusyboxRunsChrooted) {
  SKIP_UNLESS(NeedRoot());
  ASSERT_TRUE(RootfsBuilder().Build(root_).ok());
  int status = 0;
  std::string out =
      RunChrooted(root_, {"/bin/sh", "-c", "echo hi; id -un; cat /etc/hostname"}, &status);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(out, "hi\nroot\nnsinit-test\n");
}

TEST_F(RootfsBuilderTest, ExtrasAreAdded) {
  absl::Status s = RootfsBuilder()
                       .AddBinary(ProbePath(), "/probe")
                       .AddFile("/etc/motd", "hello\n", 0600)
                       .AddFile("/etc/hostname", "custom\n")
                       .AddDir("/data/sub", 0700)
                       .AddSymlink("/lnk", "etc/motd")
                       .Build(root_);
  ASSERT_TRUE(s.ok()) << s;
  struct stat st;
  ASSERT_EQ(stat((root_ + "/probe").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  ASSERT_EQ(stat((root_ + "/etc/motd").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadAll(root_ + "/etc/hostname"), "custom\n");
  ASSERT_EQ(stat((root_ + "/data/sub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(ReadAll(root_ + "/lnk"), "hello\n");
}

TEST_F(RootfsBuilderTest, HardlinksByDefaultCopiesOnRequest) {
  std::string other = dir_->Sub("copy");
  ASSERT_TRUE(RootfsBuilder().Build(root_).ok());
  ASSERT_TRUE(RootfsBuilder().SetSharing(RootfsBuilder::Sharing::kCopy).Build(other).ok());
  struct stat linked, copied;
  ASSERT_EQ(stat((root_ + "/bin/busybox").c_str(), &linked), 0);
  ASSERT_EQ(stat((other + "/bin/busybox").c_str(), &copied), 0);
  EXPECT_GE(linked.st_nlink, 2u);
  EXPECT_EQ(copied.st_nlink, 1u);
  // AddFile over a shared binary replaces it in this rootfs only.
  std::string third = dir_->Sub("third");
  ASSERT_TRUE(RootfsBuilder().AddFile("/bin/busybox", "x").Build(third).ok());
  EXPECT_EQ(ReadAll(third + "/bin/busybox"), "x");
  EXPECT_TRUE(CheckStaticElf(root_ + "/bin/busybox").ok());
}

TEST_F(RootfsBuilderTest, RejectsDynamicBinariesAndEscapes) {
  absl::Status s = RootfsBuilder().AddBinary("/bin/ls", "/ls").Build(root_);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("dynamically linked"), absl::string_view::npos) << s;
  s = RootfsBuilder().AddFile("/../escape", "x").Build(dir_->Sub("r2"));
  EXPECT_FALSE(s.ok());
  // A symlink planted in the rootfs is not followed when adding files.
  std::string r3 = dir_->Sub("r3");
  s = RootfsBuilder().AddSymlink("/out", dir_->path()).AddFile("/out/planted", "x").Build(r3);
  EXPECT_FALSE(s.ok());
  struct stat st;
  EXPECT_NE(lstat(dir_->Sub("planted").c_str(), &st), 0);
}

TEST(FindBusyboxTest, MissingBusyboxNamesThePackage) {
  setenv("NSINIT_BUSYBOX", "/no/such/busybox", 1);
  absl::StatusOr<std::string> b = FindBusybox();
  unsetenv("NSINIT_BUSYBOX");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("busybox-static"), absl::string_view::npos) << b.status();
  EXPECT_NE(b.status().message().find("/no/such/busybox"), absl::string_view::npos);
}

}  // namespace
}  // namespace nsinit::testing

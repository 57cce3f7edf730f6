#include "runtime/hooks/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "runtime/hooks/hook_exec.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::hooks {
namespace {

using nsinit::testing::TempDir;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

config::Hook Sh(const std::string& script, std::vector<std::string> env = {}) {
  config::Hook h;
  h.path = "/bin/sh";
  h.args = {"sh", "-c", script};
  h.env = std::move(env);
  return h;
}

class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<TempDir> dir = TempDir::Create("hooks");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<TempDir>(*std::move(dir));
  }
  std::string Path(const std::string& name) const { return dir_->path() + "/" + name; }
  std::unique_ptr<TempDir> dir_;
};

TEST_F(HooksTest, StateArrivesOnStdin) {
  std::string out = Path("stdin");
  ASSERT_TRUE(RunHooks(HookKind::kCreateRuntime, {Sh("cat > " + out)}, "{\"id\":\"x\"}").ok());
  EXPECT_EQ(Slurp(out), "{\"id\":\"x\"}");
}

TEST_F(HooksTest, ArgsAndEnvAreExactlyTheConfigured) {
  std::string out = Path("argv");
  config::Hook h;
  h.path = "/bin/sh";
  // args[0] is whatever the config says, not the path.
  h.args = {"custom-zero", "-c",
            "echo \"$(tr '\\0' ' ' < /proc/$$/cmdline)|$0|$FOO|$(env | wc -l)\" > " + out, "one"};
  h.env = {"FOO=bar"};
  ASSERT_TRUE(RunHooks(HookKind::kPrestart, {h}, "{}").ok());
  // sh itself adds PWD (and maybe SHLVL): no more than what it makes up.
  std::string got = Slurp(out);
  EXPECT_TRUE(absl::StartsWith(got, "custom-zero -c ")) << got;
  EXPECT_TRUE(absl::StrContains(got, " one |one|bar|")) << got;
  int lines = std::stoi(got.substr(got.rfind('|') + 1));
  EXPECT_LE(lines, 4) << "inherited the runtime's environment: " << got;
}

TEST_F(HooksTest, FailureNamesKindIndexPathStatusAndOutput) {
  absl::Status s =
      RunHooks(HookKind::kCreateRuntime, {Sh("true"), Sh("echo broken >&2; exit 3")}, "{}");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "createRuntime hook 1 (/bin/sh)")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "exit status 3")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "output: broken")) << s;
}

TEST_F(HooksTest, FirstFailureStopsTheList) {
  std::string out = Path("after");
  absl::Status s = RunHooks(HookKind::kPrestart, {Sh("exit 1"), Sh("touch " + out)}, "{}");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(access(out.c_str(), F_OK), 0) << "the hook after the failing one ran";
}

TEST_F(HooksTest, WarnRunsEveryHookAndReportsEachFailure) {
  std::string out = Path("after");
  std::vector<std::string> w =
      RunHooksWarn(HookKind::kPoststop, {Sh("exit 1"), Sh("touch " + out), Sh("kill -9 $$")}, "{}");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_TRUE(absl::StrContains(w[0], "poststop hook 0")) << w[0];
  EXPECT_TRUE(absl::StrContains(w[1], "killed by signal 9")) << w[1];
  EXPECT_EQ(access(out.c_str(), F_OK), 0);
}

TEST_F(HooksTest, TimeoutKillsTheHook) {
  config::Hook h = Sh("exec sleep 30");
  h.timeout = 1;
  absl::Time start = absl::Now();
  absl::Status s = RunHooks(HookKind::kCreateRuntime, {h}, "{}");
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  ASSERT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "timed out after 1s")) << s;
}

TEST_F(HooksTest, TimeoutKillsWhatTheHookStartedToo) {
  config::Hook h = Sh("sleep 30 & echo $! > " + Path("child") + "; wait");
  h.timeout = 1;
  ASSERT_EQ(RunHooks(HookKind::kCreateRuntime, {h}, "{}").code(),
            absl::StatusCode::kDeadlineExceeded);
  int child = 0;
  ASSERT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(Slurp(Path("child"))), &child));
  // The sleep was killed with its group: its pidfd reports the exit.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
  if (pidfd < 0) {
    EXPECT_EQ(errno, ESRCH);  // already gone and reaped
    return;
  }
  struct pollfd p = {pidfd, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 10000), 1) << "the hook's child " << child << " outlived the timeout";
  close(pidfd);
}

TEST_F(HooksTest, MissingExecutableFails) {
  config::Hook h;
  h.path = Path("does-not-exist");
  h.args = {"x"};
  absl::Status s = RunHooks(HookKind::kPrestart, {h}, "{}");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "execve: ENOENT")) << s;
}

TEST_F(HooksTest, NoFdInherited) {
  std::string out = Path("fds");
  int null_fd = open("/dev/null", O_RDONLY);
  // Not CLOEXEC, and far from what ls opens itself: the runtime's own fd.
  int leak = fcntl(null_fd, F_DUPFD, 100);
  close(null_fd);
  ASSERT_GE(leak, 100);
  absl::Status s =
      RunHooks(HookKind::kPrestart, {Sh(absl::StrCat("ls /proc/self/fd > ", out))}, "{}");
  close(leak);
  ASSERT_TRUE(s.ok()) << s;
  std::string fds = Slurp(out);
  EXPECT_FALSE(absl::StrContains(fds, absl::StrCat("\n", leak, "\n"))) << fds;
}

TEST_F(HooksTest, LargeStateDoesNotBlock) {
  std::string state(200000, 'a');
  std::string out = Path("size");
  ASSERT_TRUE(RunHooks(HookKind::kPrestart, {Sh("wc -c > " + out)}, state).ok());
  EXPECT_EQ(std::stoul(Slurp(out)), state.size());
}

TEST(HookKindName, MatchesConfigKeys) {
  EXPECT_STREQ(HookKindName(HookKind::kCreateRuntime), "createRuntime");
  EXPECT_STREQ(HookKindName(HookKind::kStartContainer), "startContainer");
  EXPECT_EQ(SupportedHookNames().size(), 6u);
}

}  // namespace
}  // namespace nsinit::hooks

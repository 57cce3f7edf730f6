// The seed's usage through the nsinit binary: in a rootfs holding a v1
// container.json, `nsinit exec CMD` runs CMD in a new container and a
// second `nsinit exec` joins it. Every v1 sample config is run.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/linux/lsm.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

// Starts `nsinit --root ROOT exec ARGS...` in `dir` with the given stdin.
// `nsinit exec ARGS...` run in `dir` (the seed's usage), stdout and stderr
// both to `out`.
pid_t StartNsinit(const std::string& dir, const std::string& root,
                  const std::vector<std::string>& args, int in, int out) {
  std::vector<std::string> exec_args = {"exec"};
  exec_args.insert(exec_args.end(), args.begin(), args.end());
  return StartRuntime(Runfile("tools/nsinit/nsinit"), root, exec_args, in, out, out, dir);
}

// The samples all name the cgroup /docker/docker-koye; tests running at
// the same time (Bazel runs them in parallel) would share it, and one
// container's teardown kills everything in its cgroup. Each test gets a
// cgroup named after its own directory instead.
std::string SampleWithOwnCgroup(const char* sample, const std::string& dir) {
  absl::StatusOr<rapidjson::Document> doc =
      ParseJson(ReadFile(Runfile(absl::StrCat("sample_configs/v1/", sample))));
  if (!doc.ok() || !doc->HasMember("cgroups")) return "";
  std::string name = "nsinit-test-" + dir.substr(dir.rfind('/') + 1);
  auto& a = doc->GetAllocator();
  (*doc)["cgroups"]["name"].SetString(name.c_str(), a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc->Accept(w);
  return buf.GetString();
}

class V1UsageTest : public ::testing::TestWithParam<const char*> {
 protected:
  // The apparmor sample names a profile: without AppArmor on the host the
  // container must be refused, naming the field, not run unconfined.
  bool NeedsMissingAppArmor() const {
    return std::string(GetParam()) == "apparmor.json" && !sys::AppArmorEnabled();
  }

  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("v1");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(*std::move(dir));
    rootfs_ = dir_->Sub("rootfs");
    testing::RootfsBuilder b = ProbeRootfs();
    b.AddFile("/container.json", SampleWithOwnCgroup(GetParam(), dir_->path()));
    ASSERT_TRUE(b.Build(rootfs_).ok());
    root_ = dir_->Sub("run");
  }

  std::optional<testing::TempDir> dir_;
  std::string rootfs_, root_;
};

TEST_P(V1UsageTest, ExecRunsANewContainerFromTheSample) {
  CaptureFile out;
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = StartNsinit(rootfs_, root_, {"/probe", "facts"}, null, out.fd());
  close(null);
  if (NeedsMissingAppArmor()) {
    EXPECT_EQ(WaitExitCode(pid), 1);
    EXPECT_THAT(out.Read(),
                ::testing::HasSubstr("process.apparmorProfile: \"docker-default\" is set "
                                     "but AppArmor is not enabled on this host"));
    return;
  }
  ASSERT_EQ(WaitExitCode(pid), 0);
  // The sample asks for a tty: the probe's output came through the pty.
  std::string text = out.Read();
  absl::StatusOr<rapidjson::Document> f = ParseJson(text.substr(text.find('{')));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ((*f)["pid"].GetInt(), 1);
  EXPECT_STREQ((*f)["hostname"].GetString(), "koye");
  // v1's restrict_sys-free default still has the v1 default mounts.
  EXPECT_NE(FindMount(*f, "/proc"), nullptr);
  EXPECT_NE(FindMount(*f, "/dev/pts"), nullptr);
  struct stat st;
  EXPECT_NE(stat((rootfs_ + "/state.json").c_str(), &st), 0) << "state.json left behind";
}

TEST_P(V1UsageTest, SecondExecJoinsTheRunningContainer) {
  if (NeedsMissingAppArmor()) GTEST_SKIP() << "AppArmor is not enabled on this host";
  int gate[2];
  ASSERT_EQ(pipe2(gate, O_CLOEXEC), 0);
  int inotify = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(inotify_add_watch(inotify, rootfs_.c_str(), IN_MOVED_TO | IN_CREATE), 0);
  CaptureFile first_out;
  pid_t first = StartNsinit(rootfs_, root_, {"/probe", "wait-stdin"}, gate[0], first_out.fd());
  close(gate[0]);
  // state.json appears (by rename) once the container exists; if nsinit
  // exits first, its pidfd says so and the test fails instead of hanging.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, first, 0));
  ASSERT_GE(pidfd, 0);
  struct stat st;
  while (stat((rootfs_ + "/state.json").c_str(), &st) != 0) {
    struct pollfd fds[2] = {{inotify, POLLIN, 0}, {pidfd, POLLIN, 0}};
    ASSERT_GT(poll(fds, 2, -1), 0);
    ASSERT_FALSE(fds[1].revents & POLLIN)
        << "nsinit exec exited before the container ran: " << first_out.Read();
    char buf[4096];
    ASSERT_GT(read(inotify, buf, sizeof(buf)), 0);
  }
  close(inotify);
  close(pidfd);
  CaptureFile out;
  int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t second = StartNsinit(rootfs_, root_, {"ps"}, null_in, out.fd());
  close(null_in);
  EXPECT_EQ(WaitExitCode(second), 0);
  EXPECT_THAT(out.Read(), ::testing::HasSubstr("/probe wait-stdin"));
  close(gate[1]);  // EOF: the first process exits
  EXPECT_EQ(WaitExitCode(first), 0) << first_out.Read();
  EXPECT_NE(stat((rootfs_ + "/state.json").c_str(), &st), 0) << "state.json left behind";
}

// The seed's samples. The network ones (a veth on a bridge, routes) run in
// v1_network_test, with the bridge in a namespace of the test's own.
INSTANTIATE_TEST_SUITE_P(Samples, V1UsageTest,
                         ::testing::Values("minimal.json", "apparmor.json", "selinux.json"),
                         [](const auto& info) {
                           std::string name = info.param;
                           name = name.substr(0, name.find('.'));
                           return name;
                         });

}  // namespace
}  // namespace nsinit::integration

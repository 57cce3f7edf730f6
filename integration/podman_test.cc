// podman from Debian drives nsinit as its OCI runtime: run with output,
// run -d, exec, pause/unpause, logs, stop, rm, --read-only and --tmpfs. podman keeps its storage in
// the test's temp dir, and the image is a busybox rootfs imported offline.
//
// On these hosts the open-files hard limit cannot be raised, so every run
// passes --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/engine_host.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kPodman[] = "/usr/bin/podman";
constexpr char kImage[] = "localhost/nsinit-test-busybox:latest";

class PodmanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    SKIP_UNLESS(testing::NeedBinary(kPodman));
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("podman");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(*std::move(dir));
    // podman refuses a runroot longer than 50 characters.
    char runroot[] = "/run/nsinit-podman-XXXXXX";
    ASSERT_NE(mkdtemp(runroot), nullptr);
    runroot_ = runroot;
    nsinit_ = Runfile("tools/nsinit/nsinit");
    ASSERT_TRUE(testing::RootfsBuilder()
                    .SetSharing(testing::RootfsBuilder::Sharing::kCopy)
                    .Build(dir_->Sub("rootfs"))
                    .ok());
    std::string tar = dir_->Sub("busybox.tar");
    ASSERT_EQ(Shell(absl::StrCat("tar -C ", dir_->Sub("rootfs"), " -cf ", tar, " .")).code, 0);
    Result imported = Podman({"import", tar, kImage});
    ASSERT_EQ(imported.code, 0) << imported.out;
  }

  void TearDown() override {
    if (!dir_) return;
    Podman({"rm", "-f", "-a"});
    Podman({"rmi", "-f", "-a"});
    // podman leaves its overlay mounts below the storage root.
    Shell(absl::StrCat("umount -R ", dir_->Sub("storage"), " 2>/dev/null"));
    Shell(absl::StrCat("umount -R ", runroot_, " 2>/dev/null; rm -rf ", runroot_));
  }

  Result Podman(const std::vector<std::string>& args) {
    return Shell(absl::StrCat(kPodman, " --runtime ", nsinit_, " --cgroup-manager cgroupfs",
                              " --root ", dir_->Sub("storage"), " --runroot ", runroot_,
                              " --storage-driver vfs ", absl::StrJoin(args, " ")));
  }

  Result Run(const std::vector<std::string>& args) {
    std::vector<std::string> all = {
        "run", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"};
    all.insert(all.end(), args.begin(), args.end());
    return Podman(all);
  }

  std::string State(const std::string& name) {
    Result r = Podman({"inspect", "--format", "'{{.State.Status}}'", name});
    return std::string(absl::StripAsciiWhitespace(r.out));
  }

  std::optional<testing::TempDir> dir_;
  std::string runroot_;
  std::string nsinit_;
};

TEST_F(PodmanTest, RunRemovesAndShowsOutput) {
  Result r = Run({"--rm", kImage, "echo", "hello-from-nsinit"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("hello-from-nsinit"));
}

// podman's --read-only tmpfs mounts (/tmp, /var/tmp, /run) and its --tmpfs
// volumes carry tmpcopyup: the tmpfs over the image's /etc starts with the
// image's files, so /etc/passwd is still there.
TEST_F(PodmanTest, ReadOnlyWithATmpfsOverEtcKeepsTheImageFiles) {
  Result r = Run({"--rm", "--read-only", "--tmpfs", "/etc", kImage, "sh", "-c",
                  "'grep -c ^root: /etc/passwd && grep \" /etc tmpfs \" /proc/mounts'"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr(" /etc tmpfs "));
}

TEST_F(PodmanTest, ExitStatusComesBack) {
  Result r = Run({"--rm", kImage, "sh", "-c", "'exit 7'"});
  EXPECT_EQ(r.code, 7) << r.out;
}

TEST_F(PodmanTest, DetachedLifecycle) {
  Result run = Run(
      {"-d", "--name", "c1", kImage, "sh", "-c", "'echo started; while true; do sleep 1; done'"});
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_EQ(State("c1"), "running");

  Result exec = Podman({"exec", "c1", "sh", "-c", "'echo exec-ok; ps'"});
  EXPECT_EQ(exec.code, 0) << exec.out;
  EXPECT_THAT(exec.out, HasSubstr("exec-ok"));
  EXPECT_THAT(exec.out, HasSubstr("while true"));  // sees the first process
  EXPECT_EQ(Podman({"exec", "c1", "sh", "-c", "'exit 3'"}).code, 3);

  ASSERT_EQ(Podman({"pause", "c1"}).code, 0);
  EXPECT_EQ(State("c1"), "paused");
  ASSERT_EQ(Podman({"unpause", "c1"}).code, 0);
  EXPECT_EQ(State("c1"), "running");

  Result logs = Podman({"logs", "c1"});
  EXPECT_THAT(logs.out, HasSubstr("started"));

  EXPECT_EQ(Podman({"stop", "-t", "1", "c1"}).code, 0);
  EXPECT_EQ(State("c1"), "exited");
  EXPECT_EQ(Podman({"rm", "c1"}).code, 0);
  EXPECT_THAT(Podman({"ps", "-a", "--format", "'{{.Names}}'"}).out,
              ::testing::Not(HasSubstr("c1")));
}

}  // namespace
}  // namespace nsinit::integration

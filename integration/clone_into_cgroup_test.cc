// On a pure cgroup v2 host the init and every exec'd process are cloned
// straight into the container's cgroup (clone3 CLONE_INTO_CGROUP): no
// cgroup.procs write, so no wait for the RCU grace period the first such
// write pays (bench/README.md). On a hybrid host this test makes its own
// mount namespace with the cgroup2 hierarchy mounted at /sys/fs/cgroup, so
// nsinit sees a pure v2 host there; the VM lane runs the suite on a real
// one, and spawn_test covers the hybrid layout itself (the v2 cgroup
// cloned into, the v1 ones joined by the process).
#include <errno.h>
#include <linux/magic.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

bool IsCgroup2(const char* path) {
  struct statfs fs;
  return statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

class CloneIntoCgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    if (!IsCgroup2("/sys/fs/cgroup")) {
      if (!IsCgroup2("/sys/fs/cgroup/unified")) {
        GTEST_SKIP() << "no cgroup2 hierarchy on this host (neither /sys/fs/cgroup nor "
                        "/sys/fs/cgroup/unified is cgroup2)";
      }
      // This test binary's own view: only the cgroup2 hierarchy, where the
      // v1 tree was (the hybrid host's v1 controllers are not in it, so the
      // bundle asks for no limits).
      ASSERT_EQ(unshare(CLONE_NEWNS), 0) << "unshare CLONE_NEWNS: " << strerror(errno);
      ASSERT_EQ(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0) << strerror(errno);
      ASSERT_EQ(umount2("/sys/fs/cgroup", MNT_DETACH), 0) << strerror(errno);
      ASSERT_EQ(mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, nullptr), 0) << strerror(errno);
    }
    absl::StatusOr<Harness> h =
        Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  void TearDown() override {
    if (harness_) Run({"delete", "--force", "v2"});
  }

  Output Run(const std::vector<std::string>& args) {
    return RunRuntime(Runfile("tools/nsinit/nsinit"), harness_->state_root(), args);
  }

  // The v2 line of /proc/self/cgroup for a process in the container's
  // cgroup (on a hybrid host the v1 lines come first: their hierarchies are
  // still the kernel's, only not mounted here).
  std::string ExpectedCgroup() const {
    return absl::StrCat("0::/nsinit/", DefaultCgroupName(harness_->state_root(), "v2"));
  }
  static std::string V2Line(const std::string& proc_self_cgroup) {
    for (absl::string_view line : absl::StrSplit(proc_self_cgroup, '\n')) {
      if (absl::StartsWith(line, "0::")) return std::string(line);
    }
    return "(no v2 line in: " + proc_self_cgroup + ")";
  }

  std::optional<Harness> harness_;
};

TEST_F(CloneIntoCgroupTest, TheInitIsClonedIntoItsCgroup) {
  ASSERT_TRUE(
      harness_->Repatch(R"({"process": {"args": ["/bin/cat", "/proc/self/cgroup"]}})").ok());
  Output run = Run({"--debug-timings", "run", "--bundle", harness_->bundle().path(), "v2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(V2Line(run.out), ExpectedCgroup());
  EXPECT_THAT(run.err, HasSubstr("into the cgroup"));
  // The cgroup existed before the clone, and nothing was moved into it.
  EXPECT_THAT(run.err, Not(HasSubstr("spawn: clone3\n")));
}

TEST_F(CloneIntoCgroupTest, AnExecdProcessIsClonedIntoTheContainersCgroup) {
  Output run = Run({"run", "-d", "--bundle", harness_->bundle().path(), "v2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Output exec = Run({"--debug-timings", "exec", "v2", "/bin/cat", "/proc/self/cgroup"});
  ASSERT_EQ(exec.exit_code, 0) << exec.err;
  EXPECT_EQ(V2Line(exec.out), ExpectedCgroup());
  EXPECT_THAT(exec.err, HasSubstr("into the cgroup"));
}

}  // namespace
}  // namespace nsinit::integration

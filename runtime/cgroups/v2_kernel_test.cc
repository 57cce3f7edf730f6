// cgroup v2 on the real kernel. On a hybrid host the cgroup2 mount carries
// membership, cgroup.freeze and cgroup.kill even without controllers; the
// test makes its own sub-cgroup and injects it as the hierarchy root, so
// nothing above it (the host's root subtree_control) is touched.
// Needs: root and a cgroup2 mount with cgroup.freeze (Linux >= 5.2).
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/test_util.h"

namespace nsinit::cgroups {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

class V2KernelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!IsRoot()) GTEST_SKIP() << "needs root";
    for (const Hierarchy& h : DetectHierarchies()) {
      if (h.v2) mount_ = h.mount_point;
    }
    if (mount_.empty()) GTEST_SKIP() << "needs a cgroup2 mount";
    root_ =
        mount_ + UniqueTestPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
    if (!FileExists(root_, "cgroup.freeze")) GTEST_SKIP() << "needs cgroup.freeze (Linux >= 5.2)";
  }
  void TearDown() override {
    if (!root_.empty()) rmdir((root_ + "/c").c_str()), rmdir(root_.c_str());
  }
  Manager Make() { return Manager("/c", {Hierarchy{root_, {}, true}}); }

  std::string mount_;
  std::string root_;
};

TEST_F(V2KernelTest, MembershipFreezeAndKill) {
  Manager m = Make();
  ASSERT_EQ(m.mode(), CgroupMode::kUnified);
  absl::Status created = m.Create(nullptr);
  ASSERT_TRUE(created.ok()) << created;
  BlockedChild child;
  ASSERT_TRUE(m.AddProcess(child.pid()).ok());
  EXPECT_EQ(*m.Pids(), std::vector<pid_t>{child.pid()});

  ASSERT_TRUE(m.Freeze(true).ok());
  absl::StatusOr<std::map<std::string, uint64_t>> events =
      ReadKeyedFile(root_ + "/c", "cgroup.events");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ((*events)["frozen"], 1u);  // already, when Freeze returned
  EXPECT_TRUE(*m.Frozen());
  ASSERT_TRUE(m.Freeze(false).ok());
  EXPECT_FALSE(*m.Frozen());

  // Destroy of a frozen cgroup: cgroup.kill, wait for "populated 0", rmdir.
  ASSERT_TRUE(m.Freeze(true).ok());
  if (!FileExists(root_ + "/c", "cgroup.kill")) GTEST_SKIP() << "needs cgroup.kill (Linux >= 5.14)";
  absl::Status destroyed = Manager("/c", {Hierarchy{root_, {}, true}}).Destroy();
  ASSERT_TRUE(destroyed.ok()) << destroyed;
  int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_FALSE(Exists(root_ + "/c"));
}

TEST_F(V2KernelTest, ControllersOfferedHereAreDelegated) {
  absl::StatusOr<std::vector<std::string>> offered = ReadWords(mount_, "cgroup.controllers");
  ASSERT_TRUE(offered.ok());
  absl::StatusOr<std::vector<std::string>> mine = ReadWords(root_, "cgroup.controllers");
  ASSERT_TRUE(mine.ok());
  if (mine->empty()) {
    GTEST_SKIP() << "needs a controller delegated to the test cgroup (the v2 root offers "
                 << offered->size() << " but none reaches " << root_ << ")";
  }
  Manager m = Make();
  ASSERT_TRUE(m.Create(nullptr).ok());
  absl::StatusOr<std::vector<std::string>> leaf = ReadWords(root_ + "/c", "cgroup.controllers");
  EXPECT_EQ(*leaf, *mine);
  ASSERT_TRUE(m.Destroy().ok());
}

}  // namespace
}  // namespace nsinit::cgroups

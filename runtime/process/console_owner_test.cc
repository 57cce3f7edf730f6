#include "runtime/process/console_owner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "gtest/gtest.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::process {
namespace {

TEST(ConsoleOwnerTest, FindsTtyInAGroupFile) {
  EXPECT_EQ(TtyGidInGroupFile("root:x:0:\ntty:x:5:\nusers:x:100:\n"), 5u);
  EXPECT_EQ(TtyGidInGroupFile("root:x:0:\nttyx:x:7:\n"), std::nullopt);
  EXPECT_EQ(TtyGidInGroupFile("tty:x:notanumber:\n"), std::nullopt);
  EXPECT_EQ(TtyGidInGroupFile(""), std::nullopt);
}

TEST(ConsoleOwnerTest, ReadsTheGroupFileInsideTheRoot) {
  absl::StatusOr<nsinit::testing::TempDir> tmp = nsinit::testing::TempDir::Create("console");
  ASSERT_TRUE(tmp.ok()) << tmp.status();
  std::string root = tmp->Sub("root");
  std::string host = tmp->Sub("host");
  ASSERT_EQ(mkdir(root.c_str(), 0755), 0);
  ASSERT_EQ(mkdir(host.c_str(), 0755), 0);
  ASSERT_EQ(mkdir((root + "/etc").c_str(), 0755), 0);
  std::ofstream(host + "/group") << "tty:x:77:\n";
  // A symlink to a host file resolves inside the root: there is none there.
  ASSERT_EQ(symlink((host + "/group").c_str(), (root + "/etc/group").c_str()), 0);
  EXPECT_EQ(TtyGidInRoot(root), std::nullopt);
  ASSERT_EQ(unlink((root + "/etc/group").c_str()), 0);
  std::ofstream(root + "/etc/group") << "root:x:0:\ntty:x:9:\n";
  EXPECT_EQ(TtyGidInRoot(root), 9u);
}

TEST(ConsoleOwnerTest, PlansTheUserAndTheGroup) {
  InitPlan plan;
  plan.terminal = true;
  plan.uid = 1000;
  PlanConsoleOwner("", &plan);
  EXPECT_TRUE(plan.set_console_owner);
  EXPECT_EQ(plan.console_uid, 1000u);
  EXPECT_EQ(plan.console_gid, static_cast<uint32_t>(-1));

  InitPlan root_plan;
  root_plan.terminal = true;
  PlanConsoleOwner("", &root_plan);
  EXPECT_FALSE(root_plan.set_console_owner);

  InitPlan no_terminal;
  no_terminal.uid = 1000;
  PlanConsoleOwner("", &no_terminal);
  EXPECT_FALSE(no_terminal.set_console_owner);
}

}  // namespace
}  // namespace nsinit::process

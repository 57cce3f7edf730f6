#include "runtime/process/scheduling_plan.h"

#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

TEST(SchedulingPlanTest, CpuListsBecomeMaskWords) {
  absl::StatusOr<std::vector<uint64_t>> w = ParseCpuList("f", "0-2,5,64");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(*w, (std::vector<uint64_t>{0b100111, 1}));
  EXPECT_FALSE(ParseCpuList("f", "3-1").ok());
  EXPECT_FALSE(ParseCpuList("f", "x").ok());
  EXPECT_FALSE(ParseCpuList("f", "").ok());
}

TEST(SchedulingPlanTest, ValuesAreTheKernelsAndErrorsNameTheField) {
  config::Process p;
  p.io_priority = config::IoPriority{"IOPRIO_CLASS_IDLE", 7};
  p.scheduler = config::Scheduler{"SCHED_BATCH", -3, 0, {"SCHED_FLAG_RESET_ON_FORK"}, 0, 0, 0};
  InitPlan plan;
  ASSERT_TRUE(AddScheduling(p, &plan, "process").ok());
  EXPECT_EQ(plan.ioprio, (3 << 13) | 7);
  EXPECT_TRUE(plan.set_scheduler);
  EXPECT_EQ(plan.sched_policy, 3u);
  EXPECT_EQ(plan.sched_nice, -3);
  EXPECT_EQ(plan.sched_flags, 1u);

  p.io_priority->priority = 8;
  absl::Status s = AddScheduling(p, &plan, "process");
  EXPECT_EQ(s.message(), "process.ioPriority.priority: must be in 0..7, got 8");
  p.io_priority.reset();
  p.scheduler->policy = "SCHED_NOPE";
  EXPECT_EQ(AddScheduling(p, &plan, "process").message(),
            "process.scheduler.policy: unknown value \"SCHED_NOPE\"");
}

}  // namespace
}  // namespace nsinit::process

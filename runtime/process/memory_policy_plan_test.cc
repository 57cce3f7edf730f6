// linux.memoryPolicy into set_mempolicy's arguments, and every refusal
// naming its field.
#include "runtime/process/memory_policy_plan.h"

#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

std::string Plan(const config::MemoryPolicy& p, InitPlan* plan) {
  config::Linux l;
  l.memory_policy = p;
  return std::string(PlanMemoryPolicy(l, plan).message());
}

TEST(MemoryPolicyPlanTest, ModesFlagsAndNodesBecomeTheKernelsValues) {
  InitPlan plan;
  EXPECT_EQ(Plan({.mode = "MPOL_INTERLEAVE", .nodes = "0-2,5,64", .flags = {"MPOL_F_STATIC_NODES"}},
                 &plan),
            "");
  EXPECT_TRUE(plan.set_mempolicy);
  EXPECT_EQ(plan.mempolicy_mode, 3 | (1 << 15));
  ASSERT_EQ(plan.mempolicy_nodes.size(), 2u);
  EXPECT_EQ(plan.mempolicy_nodes[0], 0b100111u);
  EXPECT_EQ(plan.mempolicy_nodes[1], 1u);
  InitPlan local;
  EXPECT_EQ(Plan({.mode = "MPOL_LOCAL"}, &local), "");
  EXPECT_EQ(local.mempolicy_mode, 4);
  EXPECT_TRUE(local.mempolicy_nodes.empty());
  InitPlan none;
  EXPECT_EQ(PlanMemoryPolicy(config::Linux(), &none), absl::OkStatus());
  EXPECT_FALSE(none.set_mempolicy);
}

TEST(MemoryPolicyPlanTest, InvalidPoliciesNameTheField) {
  InitPlan plan;
  EXPECT_EQ(Plan({.mode = "MPOL_NOPE"}, &plan),
            "linux.memoryPolicy.mode: unknown memory policy mode \"MPOL_NOPE\"");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND", .nodes = "0", .flags = {"MPOL_F_X"}}, &plan),
            "linux.memoryPolicy.flags[0]: unknown memory policy flag \"MPOL_F_X\"");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND"}, &plan),
            "linux.memoryPolicy.nodes: MPOL_BIND needs at least one node");
  EXPECT_EQ(Plan({.mode = "MPOL_DEFAULT", .nodes = "0"}, &plan),
            "linux.memoryPolicy.nodes: MPOL_DEFAULT takes no nodes");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND", .nodes = "3-1"}, &plan),
            "linux.memoryPolicy.nodes: expected node numbers and ranges such as \"0-3,7\", got "
            "\"3-1\"");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND", .nodes = "0,x"}, &plan).substr(0, 25),
            "linux.memoryPolicy.nodes:");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND", .nodes = "2000"}, &plan),
            "linux.memoryPolicy.nodes: node 2000 is above the largest possible node 1023");
  EXPECT_EQ(Plan({.mode = "MPOL_BIND",
                  .nodes = "0",
                  .flags = {"MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"}},
                 &plan),
            "linux.memoryPolicy.flags: MPOL_F_RELATIVE_NODES and MPOL_F_STATIC_NODES exclude each "
            "other");
  EXPECT_EQ(
      Plan({.mode = "MPOL_INTERLEAVE", .nodes = "0", .flags = {"MPOL_F_NUMA_BALANCING"}}, &plan),
      "linux.memoryPolicy.flags: MPOL_F_NUMA_BALANCING needs MPOL_BIND");
  EXPECT_FALSE(plan.set_mempolicy);
}

}  // namespace
}  // namespace nsinit::process

#include "runtime/process/init_plan.h"

#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

InitPlan Sample() {
  InitPlan p;
  p.mode = InitPlan::kExec;
  p.rootfs = "/tmp/r";
  p.argv = {"/bin/sh", "-c", "echo hi"};
  p.envp = {"PATH=/bin", "HOME=/"};
  p.groups = {10, 20};
  MountStep m;
  m.kind = MountStep::kMount;
  m.source = "proc";
  m.target = "proc";
  m.fstype = "proc";
  m.flags = 14;
  m.target_is_file = true;
  p.mounts = {m, m};
  p.mounts[1].copy_up = true;
  p.rlimits = {{7, 1024, 4096}};
  p.sysctls = {{"net/ipv4/ip_forward", "1"}};
  p.cap_effective = 0xa80425fb;
  p.seccomp_bpf = std::string("\0\1\2", 3);
  p.wait_for_start = true;
  p.sync_hooks = true;
  p.start_container_hooks = {{"/bin/true", {"true", "x"}, {"A=b"}, 5}};
  p.start_hook_state = "{\"status\":\"created\"}";
  p.set_personality = true;
  p.personality = 8;  // PER_LINUX32
  return p;
}

TEST(InitPlanTest, RoundTrips) {
  InitPlan in = Sample();
  InitPlan decoded;
  const char* error = nullptr;
  ASSERT_TRUE(DecodePlan(EncodePlan(in), &decoded, &error)) << error;
  const InitPlan* out = &decoded;
  EXPECT_EQ(out->mode, in.mode);
  EXPECT_EQ(out->argv, in.argv);
  EXPECT_EQ(out->envp, in.envp);
  EXPECT_EQ(out->groups, in.groups);
  ASSERT_EQ(out->mounts.size(), 2u);
  EXPECT_EQ(out->mounts[1].fstype, "proc");
  EXPECT_TRUE(out->mounts[1].target_is_file);
  EXPECT_FALSE(out->mounts[0].copy_up);
  EXPECT_TRUE(out->mounts[1].copy_up);
  EXPECT_EQ(out->rlimits[0].hard, 4096u);
  EXPECT_EQ(out->sysctls[0].key, "net/ipv4/ip_forward");
  EXPECT_EQ(out->cap_effective, in.cap_effective);
  EXPECT_EQ(out->seccomp_bpf, in.seccomp_bpf);
  EXPECT_TRUE(out->wait_for_start);
  EXPECT_TRUE(out->sync_hooks);
  ASSERT_EQ(out->start_container_hooks.size(), 1u);
  EXPECT_EQ(out->start_container_hooks[0].argv[1], "x");
  EXPECT_EQ(out->start_container_hooks[0].envp[0], "A=b");
  EXPECT_EQ(out->start_container_hooks[0].timeout_s, 5u);
  EXPECT_EQ(out->start_hook_state, in.start_hook_state);
  EXPECT_TRUE(out->set_personality);
  EXPECT_EQ(out->personality, 8u);
}

TEST(InitPlanTest, TruncatedAndTrailingBytesAreErrors) {
  std::string bytes = EncodePlan(Sample());
  InitPlan plan;
  const char* error = nullptr;
  EXPECT_FALSE(DecodePlan(std::string_view(bytes).substr(0, bytes.size() - 1), &plan, &error));
  EXPECT_STREQ(error, "init plan: truncated");
  EXPECT_FALSE(DecodePlan(bytes + "x", &plan, &error));
  EXPECT_STREQ(error, "init plan: trailing bytes");
}

TEST(InitPlanTest, HugeCountIsRejectedWithoutAllocating) {
  std::string bytes = EncodePlan(InitPlan());
  // The third field is a length (timens_offsets'), after a u32 and a u64.
  uint32_t huge = 0xffffffff;
  bytes.replace(4 + 8, 4, reinterpret_cast<const char*>(&huge), 4);
  InitPlan plan;
  const char* error = nullptr;
  EXPECT_FALSE(DecodePlan(bytes, &plan, &error));
  EXPECT_STREQ(error, "init plan: truncated");
}

}  // namespace
}  // namespace nsinit::process

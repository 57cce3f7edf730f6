#include "runtime/process/security_plan.h"

#include <linux/capability.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(CapabilityMaskTest, MapsNamesToBits) {
  std::vector<std::string> warnings;
  absl::StatusOr<uint64_t> mask = CapabilityMask("process.capabilities.bounding",
                                                 {"CAP_CHOWN", "CAP_SYS_ADMIN"}, 40, &warnings);
  ASSERT_TRUE(mask.ok()) << mask.status();
  EXPECT_EQ(*mask, (1ULL << CAP_CHOWN) | (1ULL << CAP_SYS_ADMIN));
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(CapabilityMaskTest, LeavesOutWhatTheKernelLacksWithAWarning) {
  std::vector<std::string> warnings;
  // A kernel whose last capability is CAP_AUDIT_READ (37): the three after it
  // are known to libcap but not to that kernel.
  absl::StatusOr<uint64_t> mask =
      CapabilityMask("process.capabilities.effective",
                     {"CAP_KILL", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"}, 37, &warnings);
  ASSERT_TRUE(mask.ok()) << mask.status();
  EXPECT_EQ(*mask, 1ULL << CAP_KILL);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_THAT(warnings[0], HasSubstr("process.capabilities.effective[1]: CAP_BPF is not known"));
  EXPECT_THAT(warnings[1], HasSubstr("[2]: CAP_CHECKPOINT_RESTORE"));
}

TEST(CapabilityMaskTest, RefusesANameThatIsNoCapability) {
  std::vector<std::string> warnings;
  absl::StatusOr<uint64_t> mask =
      CapabilityMask("process.capabilities.ambient", {"CAP_CHOWN", "CAP_FOO"}, 40, &warnings);
  ASSERT_FALSE(mask.ok());
  EXPECT_EQ(mask.status().message(),
            "process.capabilities.ambient[1]: unknown capability \"CAP_FOO\"");
}

TEST(KernelLastCapTest, IsTheKernelsValue) {
  int last = KernelLastCap();
  EXPECT_GE(last, CAP_AUDIT_READ);  // every kernel since 3.16
  EXPECT_LT(last, 64);
}

std::vector<MountStep> SomeMounts() {
  std::vector<MountStep> mounts(6);
  mounts[0].fstype = "tmpfs";
  mounts[0].data = "mode=755,size=65536k";
  mounts[1].fstype = "devpts";
  mounts[2].fstype = "proc";
  mounts[3].fstype = "mqueue";
  mounts[4].kind = MountStep::kBind;
  mounts[4].source = "/host";
  mounts[5].fstype = "sysfs";
  return mounts;
}

TEST(LabelMountsTest, AddsTheContextToFilesystemsThatTakeIt) {
  std::vector<MountStep> mounts = SomeMounts();
  LabelMounts("system_u:object_r:container_file_t:s0:c1,c2", &mounts);
  EXPECT_EQ(mounts[0].data,
            "mode=755,size=65536k,context=\"system_u:object_r:container_file_t:s0:c1,c2\"");
  EXPECT_EQ(mounts[1].data, "context=\"system_u:object_r:container_file_t:s0:c1,c2\"");
  for (size_t i : {2, 3, 4, 5}) EXPECT_EQ(mounts[i].data, "") << mounts[i].fstype;
}

TEST(PlanSelinuxTest, AppliesBothLabelsWhereSelinuxIsEnabled) {
  InitPlan plan;
  plan.mounts = SomeMounts();
  std::vector<std::string> warnings;
  PlanSelinux("system_u:system_r:container_t:s0", "system_u:object_r:container_file_t:s0", true,
              &plan, &warnings);
  EXPECT_EQ(plan.selinux_label, "system_u:system_r:container_t:s0");
  EXPECT_THAT(plan.mounts[1].data, HasSubstr("context="));
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(PlanSelinuxTest, WarnsAndAppliesNothingWithoutSelinux) {
  InitPlan plan;
  plan.mounts = SomeMounts();
  std::vector<std::string> warnings;
  PlanSelinux("system_u:system_r:container_t:s0", "system_u:object_r:container_file_t:s0", false,
              &plan, &warnings);
  EXPECT_EQ(plan.selinux_label, "");
  EXPECT_EQ(plan.mounts[1].data, "");
  EXPECT_THAT(warnings,
              ElementsAre("process.selinuxLabel: \"system_u:system_r:container_t:s0\" ignored: "
                          "SELinux is not enabled on this host",
                          "linux.mountLabel: \"system_u:object_r:container_file_t:s0\" ignored: "
                          "SELinux is not enabled on this host"));
}

TEST(PlanSelinuxTest, NoLabelsNoWarnings) {
  InitPlan plan;
  std::vector<std::string> warnings;
  PlanSelinux("", "", false, &plan, &warnings);
  EXPECT_THAT(warnings, IsEmpty());
}

}  // namespace
}  // namespace nsinit::process

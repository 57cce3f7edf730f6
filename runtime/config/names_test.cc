// Tests of the name tables: capabilities, rlimits, seccomp words, namespaces.
#include <linux/capability.h>
#include <sched.h>
#include <sys/resource.h>

#include "gtest/gtest.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rlimit_names.h"
#include "runtime/config/seccomp_names.h"

namespace nsinit::config {
namespace {

TEST(CapabilityNamesTest, KnowsTheHeaderNames) {
  EXPECT_EQ(CapabilityFromName("CAP_CHOWN"), 0);
  EXPECT_EQ(CapabilityFromName("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
  EXPECT_EQ(CapabilityFromName("CAP_CHECKPOINT_RESTORE"),
            CAP_CHECKPOINT_RESTORE);
  EXPECT_EQ(CapabilityFromName("CHOWN"), std::nullopt);
  EXPECT_EQ(CapabilityFromName("CAP_FOO"), std::nullopt);
  EXPECT_EQ(CapabilityName(CAP_NET_RAW), "CAP_NET_RAW");
  EXPECT_EQ(CapabilityName(CAP_LAST_CAP + 1), "");
  EXPECT_EQ(AllCapabilityNames().size(), static_cast<size_t>(CAP_LAST_CAP + 1));
}

TEST(CapabilityNamesTest, ReadsTheKernelLastCap) {
  absl::StatusOr<int> last = ReadKernelLastCapability();
  if (!last.ok()) GTEST_SKIP() << "needs /proc: " << last.status();
  EXPECT_GE(*last, CAP_AUDIT_READ);  // Every kernel of the last decade.
  EXPECT_FALSE(ReadKernelLastCapability("/nonexistent/cap_last_cap").ok());
}

TEST(RlimitNamesTest, ResolvesNames) {
  EXPECT_EQ(RlimitFromName("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  EXPECT_EQ(RlimitFromName("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  EXPECT_EQ(RlimitFromName("NOFILE"), std::nullopt);
  EXPECT_EQ(RlimitName(RLIMIT_CORE), "RLIMIT_CORE");
}

TEST(SeccompNamesTest, KnowsTheSchemaEnums) {
  EXPECT_TRUE(IsSeccompAction("SCMP_ACT_ERRNO"));
  EXPECT_FALSE(IsSeccompAction("SCMP_ACT_DENY"));
  EXPECT_TRUE(IsSeccompOperator("SCMP_CMP_MASKED_EQ"));
  EXPECT_FALSE(IsSeccompOperator("SCMP_CMP_EQUAL"));
  EXPECT_TRUE(IsSeccompArch("SCMP_ARCH_X86_64"));
  EXPECT_FALSE(IsSeccompArch("x86_64"));
  EXPECT_TRUE(IsSeccompFlag("SECCOMP_FILTER_FLAG_LOG"));
}

TEST(NamespaceNamesTest, RoundTrips) {
  for (absl::string_view name :
       {"pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"}) {
    std::optional<NamespaceType> type = NamespaceTypeFromName(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(NamespaceTypeName(*type), name);
  }
  EXPECT_EQ(NamespaceTypeFromName("net"), std::nullopt);
  EXPECT_EQ(NamespaceCloneFlag(NamespaceType::kMount), CLONE_NEWNS);
}

}  // namespace
}  // namespace nsinit::config

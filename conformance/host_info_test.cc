#include "conformance/host_info.h"

#include <map>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(HostInfoTest, NamesEveryFactAReportNeeds) {
  std::map<std::string, std::string> facts;
  for (const auto& [k, v] : CollectHostInfo()) {
    EXPECT_FALSE(v.empty()) << k;
    facts[k] = v;
  }
  for (const char* k : {"kernel", "distribution", "cgroup mode", "cgroup controllers", "32-bit ABI",
                        "LSMs", "user namespaces", "CPUs"}) {
    EXPECT_TRUE(facts.count(k)) << k;
  }
  EXPECT_TRUE(absl::StartsWith(facts["kernel"], "Linux ")) << facts["kernel"];
  EXPECT_NE(facts["CPUs"], "0");
}

TEST(HostInfoTest, CgroupModeOfPlainDirectoryIsV1) {
  // Neither cgroup2 nor a cgroup2 at unified/: what a v1-only host looks like.
  EXPECT_EQ(CgroupMode("/"), "v1");
  EXPECT_TRUE(absl::StartsWith(CgroupMode("/nonexistent/cgroup"), "none"));
}

TEST(HostInfoTest, SuiteRevisionIsStampedIntoTheBuild) {
  // The build is stamped (.bazelrc's workspace status command), so the
  // report does not depend on where the binary runs from.
  EXPECT_TRUE(absl::EndsWith(SuiteRevision(), "(built from)")) << SuiteRevision();
}

TEST(HostInfoTest, UtcNowIsRfc3339) {
  std::string now = UtcNow();
  ASSERT_EQ(now.size(), 20u) << now;
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace nsinit::conformance

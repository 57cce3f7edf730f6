#include "conformance/spec_ids.h"

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(SpecIdsTest, ParsesRowsAndAreas) {
  absl::StatusOr<SpecTable> t = ParseSpec(
      "# Title\n## How to read\n| ID | Level | Requirement | Source |\n"
      "## MNT — Mounts\n\n| ID | Level | Requirement | Source |\n|---|---|---|---|\n"
      "| MNT-001 | MUST | Mounts are made in order. | oci 1.1: config#mounts; beyond the spec |\n"
      "| MNT-002 | RETIRED | Retired: merged. | oci 1.0: config |\n"
      "## CG — Control groups (v1 and v2)\n"
      "| CG-001 | SHOULD | Something. | v1: resources |\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->requirements.size(), 3u);
  EXPECT_EQ(t->requirements[0].id, "MNT-001");
  EXPECT_EQ(t->requirements[0].area, "MNT");
  EXPECT_EQ(t->requirements[1].level, "RETIRED");
  EXPECT_EQ(t->requirements[0].oci_version, "1.1");
  EXPECT_EQ(t->requirements[1].oci_version, "1.0");
  EXPECT_EQ(t->requirements[2].oci_version, "");
  EXPECT_EQ(t->areas, (std::vector<std::string>{"MNT", "CG"}));
  EXPECT_EQ(t->area_titles.at("CG"), "Control groups (v1 and v2)");
  EXPECT_NE(t->Find("CG-001"), nullptr);
  EXPECT_EQ(t->Find("CG-002"), nullptr);
}

TEST(SpecIdsTest, RejectsBadRows) {
  EXPECT_FALSE(ParseSpec("| MNT-001 | OFTEN | x | y |\n").ok());
  EXPECT_FALSE(ParseSpec("| MNT-001 | MUST | x | y |\n| MNT-001 | MUST | x | y |\n").ok());
  EXPECT_FALSE(ParseSpec("| MNT-001 | MUST | x |\n").ok());
  EXPECT_FALSE(ParseSpec("no rows").ok());
  // Every OCI source names the spec version that introduced the row.
  EXPECT_FALSE(ParseSpec("| MNT-001 | MUST | x | oci: config#mounts |\n").ok());
  EXPECT_FALSE(ParseSpec("| MNT-001 | MUST | x | oci 2.7: config#mounts |\n").ok());
  EXPECT_FALSE(ParseSpec("| MNT-001 | MUST | x | the kernel |\n").ok());
  EXPECT_TRUE(ParseSpec("| MNT-001 | MUST | x | oci 1.3: config-linux#memory-policy |\n").ok());
}

TEST(SpecIdsTest, AreaOf) {
  EXPECT_EQ(AreaOf("USERNS-012"), "USERNS");
  EXPECT_EQ(AreaOf("nodash"), "");
}

}  // namespace
}  // namespace nsinit::conformance

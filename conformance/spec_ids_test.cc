#include "conformance/spec_ids.h"

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(SpecIdsTest, ParsesRowsAndAreas) {
  absl::StatusOr<SpecTable> t = ParseSpec(
      "# Title\n## How to read\n| ID | Level | Requirement | Source |\n"
      "## MNT — Mounts\n\n| ID | Level | Requirement | Source |\n|---|---|---|---|\n"
      "| MNT-001 | MUST | Mounts are made in order. | oci: config#mounts |\n"
      "| MNT-002 | RETIRED | Retired: merged. | oci |\n"
      "## CG — Control groups (v1 and v2)\n"
      "| CG-001 | SHOULD | Something. | v1 |\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->requirements.size(), 3u);
  EXPECT_EQ(t->requirements[0].id, "MNT-001");
  EXPECT_EQ(t->requirements[0].area, "MNT");
  EXPECT_EQ(t->requirements[1].level, "RETIRED");
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
}

TEST(SpecIdsTest, AreaOf) {
  EXPECT_EQ(AreaOf("USERNS-012"), "USERNS");
  EXPECT_EQ(AreaOf("nodash"), "");
}

}  // namespace
}  // namespace nsinit::conformance

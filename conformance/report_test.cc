#include "conformance/report.h"

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

SpecTable Spec() {
  absl::StatusOr<SpecTable> t = ParseSpec(
      "## A — Area\n"
      "| A-001 | MUST | one | x |\n| A-002 | SHOULD | two | x |\n| A-003 | MUST | three | x |\n"
      "| A-004 | MUST | four | x |\n| A-005 | MAY | five | x |\n| A-006 | RETIRED | Retired: x | x |\n");
  EXPECT_TRUE(t.ok());
  return *t;
}

CaseResult Result(const std::string& id, Verdict v, std::map<std::string, Verdict> reqs) {
  CaseResult r;
  r.id = id;
  r.area = "A";
  r.verdict = v;
  r.detail = id + " detail";
  r.requirements = std::move(reqs);
  return r;
}

TEST(ReportTest, CombinesCasesIntoStatuses) {
  std::vector<CaseResult> cases = {
      Result("c1", Verdict::kFail, {{"A-001", Verdict::kPass}, {"A-002", Verdict::kFail}}),
      Result("c2", Verdict::kFail, {{"A-003", Verdict::kFail}}),
      Result("c3", Verdict::kPass, {{"A-001", Verdict::kPass}, {"A-004", Verdict::kPass}}),
      Result("c4", Verdict::kFail, {{"A-004", Verdict::kFail}}),
      Result("c5", Verdict::kSkip, {{"A-005", Verdict::kSkip}}),
  };
  Report r = BuildReport(Spec(), cases, {{"A-004", "known bug"}}, "rt", "/bin/rt");
  std::map<std::string, std::string> status;
  for (const auto& s : r.requirements) status[s.id] = s.status;
  EXPECT_EQ(status["A-001"], "pass");
  EXPECT_EQ(status["A-002"], "warn");  // a failing SHOULD
  EXPECT_EQ(status["A-003"], "fail");
  EXPECT_EQ(status["A-004"], "deviation");
  EXPECT_EQ(status["A-005"], "skip");
  EXPECT_EQ(status["A-006"], "skip");
  EXPECT_TRUE(IsFailure("fail"));
  EXPECT_TRUE(IsFailure("warn"));
  EXPECT_FALSE(IsFailure("deviation"));
  std::string summary = AreaSummary(r);
  EXPECT_NE(summary.find("TOTAL"), std::string::npos);
}

TEST(ReportTest, UntestedAndStaleDeviation) {
  Report r = BuildReport(Spec(), {Result("c", Verdict::kPass, {{"A-001", Verdict::kPass}})},
                         {{"A-001", "old"}}, "rt", "");
  EXPECT_EQ(r.requirements[0].status, "pass");
  EXPECT_NE(r.requirements[0].detail.find("remove"), std::string::npos);
  EXPECT_EQ(r.requirements[1].status, "untested");
}

}  // namespace
}  // namespace nsinit::conformance

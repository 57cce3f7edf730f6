#include "conformance/runner.h"

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

CaseResult Result(Verdict v, std::map<std::string, Verdict> reqs, const std::string& detail) {
  CaseResult r;
  r.id = "c";
  r.verdict = v;
  r.detail = detail;
  r.requirements = std::move(reqs);
  return r;
}

// Issue 22: a failure that does not repeat is named, never silently kept.
TEST(MergeRetryTest, AFlipIsUnstableWithBothOutputs) {
  CaseResult r = MergeRetry(Result(Verdict::kFail, {{"A-001", Verdict::kFail}}, "boom"),
                            Result(Verdict::kPass, {{"A-001", Verdict::kPass}}, ""));
  EXPECT_EQ(r.verdict, Verdict::kUnstable);
  EXPECT_EQ(r.requirements["A-001"], Verdict::kUnstable);
  EXPECT_EQ(r.detail, "boom");
  EXPECT_EQ(r.retry_detail, "pass");
}

TEST(MergeRetryTest, TheSameFailureTwiceIsAFailure) {
  CaseResult r = MergeRetry(
      Result(Verdict::kFail, {{"A-001", Verdict::kFail}, {"A-002", Verdict::kPass}}, "boom"),
      Result(Verdict::kFail, {{"A-001", Verdict::kFail}, {"A-002", Verdict::kPass}}, "boom again"));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.requirements["A-001"], Verdict::kFail);
  EXPECT_EQ(r.requirements["A-002"], Verdict::kPass);
}

TEST(MergeRetryTest, ADifferentRequirementFailingIsUnstableForThoseThatFlipped) {
  CaseResult r = MergeRetry(
      Result(Verdict::kFail, {{"A-001", Verdict::kFail}, {"A-002", Verdict::kPass}}, "one"),
      Result(Verdict::kFail, {{"A-001", Verdict::kFail}, {"A-002", Verdict::kFail}}, "two"));
  EXPECT_EQ(r.verdict, Verdict::kUnstable);
  EXPECT_EQ(r.requirements["A-001"], Verdict::kFail);
  EXPECT_EQ(r.requirements["A-002"], Verdict::kUnstable);
  EXPECT_EQ(r.retry_detail, "fail: two");
}

}  // namespace
}  // namespace nsinit::conformance

#include "conformance/report.h"

#include <cstdlib>

#include "conformance/file_util.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

SpecTable Spec() {
  absl::StatusOr<SpecTable> t = ParseSpec(
      "## A — Area\n"
      "| A-001 | MUST | one | beyond the spec |\n| A-002 | SHOULD | two | beyond the spec |\n| "
      "A-003 | MUST | three | beyond the spec |\n"
      "| A-004 | MUST | four | beyond the spec |\n| A-005 | MAY | five | beyond the spec |\n| "
      "A-006 | RETIRED | Retired: x | beyond the spec |\n");
  EXPECT_TRUE(t.ok());
  return *t;
}

RunInfo Info() {
  RunInfo i;
  i.runtime = "rt";
  i.runtime_path = "/bin/rt";
  return i;
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
  Report r = BuildReport(Spec(), cases, {{"A-004", "known bug"}}, Info());
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
                         {{"A-001", "old"}}, Info());
  EXPECT_EQ(r.requirements[0].status, "pass");
  EXPECT_NE(r.requirements[0].detail.find("remove"), std::string::npos);
  EXPECT_EQ(r.requirements[1].status, "untested");
  EXPECT_EQ(r.stale_deviations.size(), 1u);
  EXPECT_EQ(r.stale_deviations["A-001"], "passed (c)");
}

// A listing is stale only when the run contradicts it: a listed case that
// passed is; a listed failure, a skip or a listing nothing ran is not.
TEST(ReportTest, StaleDeviationsAreThoseTheRunContradicts) {
  std::vector<CaseResult> cases = {
      Result("fixed", Verdict::kPass, {{"A-001", Verdict::kPass}}),
      Result("broken", Verdict::kFail, {{"A-003", Verdict::kFail}}),
      Result("skipped", Verdict::kSkip, {{"A-004", Verdict::kSkip}}),
  };
  Report r = BuildReport(Spec(), cases,
                         {{"fixed", "was broken"},
                          {"broken", "still broken"},
                          {"A-003", "still broken"},
                          {"A-004", "cannot tell here"},
                          {"A-005", "not run"},
                          {"other-case", "not run"}},
                         Info());
  EXPECT_EQ(r.stale_deviations, (std::map<std::string, std::string>{{"fixed", "the case passed"}}));
}

SpecTable VersionedSpec() {
  absl::StatusOr<SpecTable> t = ParseSpec(
      "## B — Area\n"
      "| B-001 | MUST | old | oci 1.0: config#mounts |\n"
      "| B-002 | MUST | new | oci 1.2: config#mounts |\n"
      "| B-003 | MUST | old, failed by a case that also needs a new one | oci 1.0: config#process "
      "|\n"
      "| B-004 | MUST | everyone's | beyond the spec |\n");
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

// Issue 22: a requirement newer than the runtime's claim is its own verdict.
TEST(ReportTest, RequirementsNewerThanTheClaimAreJudgedApart) {
  std::vector<CaseResult> cases = {
      Result("c1", Verdict::kFail, {{"B-001", Verdict::kFail}}),
      Result("c2", Verdict::kFail, {{"B-002", Verdict::kFail}}),
      Result("c3", Verdict::kFail, {{"B-002", Verdict::kFail}, {"B-003", Verdict::kFail}}),
      Result("c4", Verdict::kFail, {{"B-004", Verdict::kFail}}),
  };
  RunInfo info = Info();
  info.spec_claim = "1.0.2-dev";
  Report r =
      BuildReport(VersionedSpec(), cases, {}, info, {{"B-002", {"version", "added in 1.2"}}});
  std::map<std::string, const RequirementStatus*> s;
  for (const auto& q : r.requirements) s[q.id] = &q;
  EXPECT_EQ(s["B-001"]->status, "fail");
  EXPECT_EQ(s["B-002"]->status, "newer");
  EXPECT_NE(s["B-002"]->detail.find("needs OCI 1.2"), std::string::npos) << s["B-002"]->detail;
  EXPECT_EQ(s["B-002"]->classification, "version: added in 1.2");
  EXPECT_EQ(s["B-003"]->status, "newer");  // its only failure came from a 1.2 case
  EXPECT_EQ(s["B-004"]->status, "fail");
  EXPECT_FALSE(IsFailure("newer"));
  EXPECT_NE(AreaSummary(r).find("newer"), std::string::npos);

  info.strict = true;  // --strict: everything against the newest spec
  r = BuildReport(VersionedSpec(), cases, {}, info);
  for (const auto& q : r.requirements) EXPECT_EQ(q.status, "fail") << q.id;
  info.strict = false;
  info.spec_claim = "1.2.0";  // a runtime that claims 1.2 is judged on it
  r = BuildReport(VersionedSpec(), cases, {}, info);
  for (const auto& q : r.requirements) EXPECT_EQ(q.status, "fail") << q.id;
  info.spec_claim = "";  // no claim: nothing is excused
  r = BuildReport(VersionedSpec(), cases, {}, info);
  for (const auto& q : r.requirements) EXPECT_EQ(q.status, "fail") << q.id;
}

TEST(ReportTest, UnstableCaseIsNamedWithBothOutputs) {
  CaseResult c = Result("c1", Verdict::kUnstable, {{"A-001", Verdict::kUnstable}});
  c.retry_detail = "pass";
  Report r = BuildReport(Spec(), {c}, {}, Info());
  EXPECT_EQ(r.requirements[0].status, "unstable");
  EXPECT_NE(r.requirements[0].detail.find("run 1: c1 detail"), std::string::npos);
  EXPECT_NE(r.requirements[0].detail.find("run 2: pass"), std::string::npos);
  EXPECT_TRUE(IsFailure("unstable"));
}

std::string ReadAll(const std::string& path) {
  absl::StatusOr<std::string> s = ReadFileToString(path);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : "";
}

// Issue 19: a report says what it judged, where; compare warns on hosts
// that differ; the HTML highlights only what needs a look.
TEST(ReportTest, ReportsOpenWithWhatTheyJudgedAndCompareWarnsOnHosts) {
  std::string dir = std::string(getenv("TEST_TMPDIR")) + "/reports";
  RunInfo a = Info();
  a.runtime_version = "rt version 9\nspec: 1.0.2-dev";
  a.suite_revision = "v0-1-gabc";
  a.date = "2026-12-04T17:50:00Z";
  a.command = "conform --runtime=/bin/rt";
  a.host = {{"kernel", "Linux 6.1"}, {"cgroup mode", "hybrid"}};
  Report ra =
      BuildReport(Spec(), {Result("c1", Verdict::kFail, {{"A-003", Verdict::kFail}})}, {}, a);
  ASSERT_TRUE(WriteReport(ra, dir + "/a").ok());
  std::string md = ReadAll(dir + "/a/report.md");
  for (const char* want : {"/bin/rt", "rt version 9", "v0-1-gabc", "2026-12-04T17:50:00Z",
                           "conform --runtime=/bin/rt", "host cgroup mode | hybrid"}) {
    EXPECT_NE(md.find(want), std::string::npos) << want << " not in\n" << md;
  }
  std::string html = ReadAll(dir + "/a/report.html");
  EXPECT_EQ(html.find("http"), std::string::npos) << "the HTML must open without a network";
  EXPECT_NE(html.find("<td class=fail>1</td>"), std::string::npos);
  EXPECT_EQ(html.find("<td class=pass"), std::string::npos) << "a pass count is not highlighted";
  EXPECT_EQ(html.find("<td class=warn>0"), std::string::npos) << "a zero is not highlighted";
  EXPECT_NE(html.find("href=\"#case-c1\""), std::string::npos);
  EXPECT_NE(html.find("id=\"case-c1\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#req-A-003\""), std::string::npos);

  absl::StatusOr<Report> back = ReadReport(dir + "/a");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->info.host, a.host);
  EXPECT_EQ(back->info.runtime_version, a.runtime_version);

  RunInfo b = a;
  b.host = {{"kernel", "Linux 6.1"}, {"cgroup mode", "v2"}};
  Report rb = BuildReport(Spec(), {}, {}, b);
  EXPECT_EQ(HostFactsThatDiffer({ra, rb}), std::vector<std::string>{"cgroup mode"});
  EXPECT_TRUE(HostFactsThatDiffer({ra, ra}).empty());
  ASSERT_TRUE(WriteComparison({*back, rb}, dir + "/cmp").ok());
  std::string cmp = ReadAll(dir + "/cmp/compare.md");
  EXPECT_NE(cmp.find("**Warning:**"), std::string::npos) << cmp;
  EXPECT_NE(cmp.find("cgroup mode"), std::string::npos);
}

}  // namespace
}  // namespace nsinit::conformance

// Runs the conformance cases of some areas (--areas=LIFE,CLI) against
// nsinit: the binary through the CLI adapter, or with --adapter=library its
// library in this process (which then re-executes itself as the init: see
// main below). Fails for every requirement whose status is "fail" or "warn"
// and that deviations/nsinit.json does not list, and for every listing of
// these areas that passed (a stale deviation: the fix must remove it).
// A canary case with a wrong expectation must fail, so a broken engine
// cannot make this test pass vacuously.
#include <unistd.h>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "conformance/cli_adapter.h"
#include "conformance/engine.h"
#include "conformance/library_adapter.h"
#include "conformance/report.h"
#include "conformance/runner.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

std::string Flag(const std::string& name) {
  for (const std::string& a : ::testing::internal::GetArgvs()) {
    if (absl::StartsWith(a, name + "=")) return a.substr(name.size() + 1);
  }
  return "";
}

std::vector<std::string> Areas() {
  std::string areas = Flag("--areas");
  if (areas.empty()) return {};
  return absl::StrSplit(areas, ',');
}

std::unique_ptr<Adapter> MakeAdapter() {
  if (Flag("--adapter") == "library") return std::make_unique<LibraryAdapter>();
  return std::make_unique<CliAdapter>("nsinit", Runfile("", "tools/nsinit/nsinit"));
}

RunOptions Options() {
  RunOptions o;
  o.cases_dir = Runfile("", "conformance/cases");
  o.spec_path = Runfile("", "spec/SPEC.md");
  o.probe = Runfile("", "conformance/probe/probe");
  o.deviations_dir = Runfile("", "conformance/deviations");
  // nsinit holds itself to the whole of SPEC.md, whatever spec version
  // it states.
  o.info.strict = true;
  return o;
}

class NsinitConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (euid " << geteuid() << ")";
    // Case directories go below /tmp, not Bazel's TEST_TMPDIR under /root
    // (mode 0700): a container root mapped to another uid must reach its
    // rootfs.
    setenv("TEST_TMPDIR", "/tmp", 1);
  }
  std::unique_ptr<Adapter> owned_ = MakeAdapter();
  Adapter& adapter_ = *owned_;
};

TEST_F(NsinitConformanceTest, CanaryWithAWrongExpectationFails) {
  absl::StatusOr<Case> c = ParseCase(
      R"({"id": "canary", "requirements": ["NS-012"], "patch": {"hostname": "canary"},
          "expect": [{"path": "hostname", "equals": "not-the-hostname"}]})",
      "ns", "canary.json");
  ASSERT_TRUE(c.ok()) << c.status();
  Engine engine(adapter_, EngineOptions{Options().probe, ""});
  CaseResult r = engine.Run(*c);
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.detail;
  EXPECT_NE(r.detail.find("canary"), std::string::npos) << r.detail;
}

// A MAY the runtime refuses is a skip, not a failure ("skip_if_refused");
// without the flag the same refusal fails.
TEST_F(NsinitConformanceTest, RefusingAMayIsASkip) {
  for (bool flag : {true, false}) {
    absl::StatusOr<Case> c =
        ParseCase(absl::StrCat(R"({"id": "refused", "requirements": ["PROC-008"],
            "patch": {"process": {"cwd": "relative/dir"}},
            "steps": [{"step": "run", "skip_if_refused": )",
                               flag ? "true" : "false",
                               R"(, "expect": [{"path": "verb", "equals": "facts"}]}]})"),
                  "proc", "refused.json");
    ASSERT_TRUE(c.ok()) << c.status();
    Engine engine(adapter_, EngineOptions{Options().probe, ""});
    CaseResult r = engine.Run(*c);
    EXPECT_EQ(r.verdict, flag ? Verdict::kSkip : Verdict::kFail) << r.detail;
  }
}

TEST_F(NsinitConformanceTest, AreasConform) {
  RunOptions options = Options();
  options.filters = Areas();
  ASSERT_FALSE(options.filters.empty()) << "pass --areas=A,B";
  absl::StatusOr<Report> report = RunSuite(adapter_, options);
  ASSERT_TRUE(report.ok()) << report.status();
  int judged = 0;
  for (const RequirementStatus& s : report->requirements) {
    bool in_scope = false;
    for (const std::string& a : options.filters) in_scope = in_scope || s.area == a;
    if (!in_scope) continue;
    if (s.status == "pass" || s.status == "deviation") ++judged;
    if (IsFailure(s.status)) {
      ADD_FAILURE() << s.id << " (" << s.level << ") " << s.status << ": " << s.detail;
    }
  }
  for (const auto& [key, what] : report->stale_deviations) {
    bool in_scope = true;  // a listed case ran, so its area was selected
    for (const RequirementStatus& s : report->requirements) {
      if (s.id == key) in_scope = absl::c_linear_search(options.filters, s.area);
    }
    if (!in_scope) continue;
    ADD_FAILURE() << "conformance/deviations/" << adapter_.deviations_name() << ".json lists "
                  << key << ", but it " << what << ": remove the stale deviation";
  }
  std::cerr << AreaSummary(*report);
  if (judged == 0) {
    // Nothing could run here (e.g. no cgroup v2): a skip, never a pass.
    std::string reasons;
    for (const CaseResult& c : report->cases) reasons += "\n  " + c.id + ": " + c.detail;
    GTEST_SKIP() << "every case of these areas skipped on this host:" << reasons.substr(0, 2000);
  }
}

}  // namespace
}  // namespace nsinit::conformance

// The library adapter creates containers in this process: the binary is
// their init too, the mode read from argv before anything else runs.
int main(int argc, char** argv) {
  nsinit::conformance::LibraryAdapter::RunIfChild(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

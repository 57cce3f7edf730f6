// Runner: the suite as a whole. Finds its data (cases, SPEC.md, probe,
// deviation manifests, the default nsinit binary) in Bazel runfiles, runs
// the selected cases through an Engine with progress on stderr, and builds
// the Report. Used by the conform binary and by the per-area tests.
#ifndef NSINIT_CONFORMANCE_RUNNER_H_
#define NSINIT_CONFORMANCE_RUNNER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/adapter.h"
#include "conformance/case_file.h"
#include "conformance/report.h"

namespace nsinit::conformance {

// A workspace-relative path ("conformance/cases") resolved in the runfiles:
// $RUNFILES_DIR, $TEST_SRCDIR, or <argv0>.runfiles, each + "/nsinit/".
// Falls back to the path relative to the current directory (a checkout).
std::string Runfile(const std::string& argv0, const std::string& workspace_path);

struct RunOptions {
  std::string cases_dir;
  std::string spec_path;
  std::string probe;
  std::string deviations_dir;        // <runtime>.json and classifications.json
  std::vector<std::string> filters;  // area, requirement ID or case id; empty = all
  bool progress = true;
  // A failing case runs once more; a verdict that flips is "unstable".
  bool retry = true;
  // The report's head; runtime name and path default to the adapter's.
  RunInfo info;
};

// The verdict of a case that failed (`first`) and was run again
// (`second`): "fail" when both runs failed the same requirements, else
// "unstable", each requirement whose verdict differs marked unstable and
// the second run's output kept in retry_detail.
CaseResult MergeRetry(CaseResult first, const CaseResult& second);

// True when `c` is selected by `filters` (any of them).
bool Selected(const Case& c, const std::vector<std::string>& filters);

// The manifests a run loads from RunOptions::deviations_dir: the
// adapter's deviations_name() + ".json" (nsinit's, whichever adapter drives
// it), and the classifications of foreign failures.
std::string DeviationsPath(const std::string& deviations_dir, const Adapter& adapter);
std::string ClassificationsPath(const std::string& deviations_dir);

absl::StatusOr<Report> RunSuite(Adapter& adapter, const RunOptions& options);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_RUNNER_H_

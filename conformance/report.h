// Report: turns case results into per-requirement verdicts and writes them
// as report.json, report.md and report.html; compares several reports.
//
// A requirement's status combines the cases citing it:
//   fail       some case failed it (a failing SHOULD is "warn" instead, as
//              SPEC.md says a SHOULD deviation is a warning)
//   deviation  it failed, and the runtime's deviation manifest
//              (deviations/<runtime>.json, {"ID or case id": "reason"})
//              lists it: shown with the reason, never hidden
//   unstable   a case failed it once and not when run again (both
//              outputs are in detail)
//   newer      only cases that need a spec version newer than the one the
//              runtime claims failed it: the requirement's own `oci 1.X`
//              or that of another requirement the failing case cites
//              (not with --strict, and not when the runtime claims none)
//   pass       no case failed it and at least one passed
//   skip       every citing case skipped (the reasons are in detail)
//   untested   no case cites it
// A listed deviation that passes is reported as pass with a note to remove
// it from the manifest.
#ifndef NSINIT_CONFORMANCE_REPORT_H_
#define NSINIT_CONFORMANCE_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "conformance/engine.h"
#include "conformance/spec_ids.h"

namespace nsinit::conformance {

using Deviations = std::map<std::string, std::string>;

// {"ID": "reason"}; a missing file is an empty manifest.
absl::StatusOr<Deviations> LoadDeviations(const std::string& path);

// What conformance/RESULTS.md says about a foreign runtime's failure:
// {"runc": {"ANN-005": {"class": "real", "why": "..."}}, ...} in
// deviations/classifications.json. Classes: real, version, host, case.
struct Classification {
  std::string cls, why;
};
using Classifications = std::map<std::string, Classification>;  // by ID
// The entries for `runtime`; a missing file or runtime is an empty map.
absl::StatusOr<Classifications> LoadClassifications(const std::string& path,
                                                    const std::string& runtime);

struct RequirementStatus {
  std::string id, area, level, text;
  std::string oci_version;  // "" = every runtime
  std::string status;
  std::vector<std::string> cases;
  std::string detail;
  std::string classification;  // "real: why" for a foreign failure, else ""
};

// What was judged, where, and how: the head of every report (issue 19).
struct RunInfo {
  std::string runtime;          // report name ("runc", "nsinit-library")
  std::string runtime_path;     // resolved binary, or what the adapter drives
  std::string runtime_version;  // `--version` output
  std::string spec_claim;       // "1.0.2-dev"; "" = none stated
  std::string spec_claim_from;  // "features ociVersionMax", "--version"
  bool strict = false;          // every requirement judged against the newest spec
  std::string suite_revision;   // git describe of the suite's tree
  std::string date;             // UTC, RFC 3339
  std::string command;          // the command line that produced the report
  std::vector<std::pair<std::string, std::string>> host;  // host_info.h, in order
};

struct Report {
  RunInfo info;
  std::string runtime;      // = info.runtime
  std::string description;  // = info.runtime_path
  std::vector<std::string> areas;
  std::map<std::string, std::string> area_titles;
  std::vector<RequirementStatus> requirements;  // spec order
  std::vector<CaseResult> cases;
  // Listed deviations the run contradicts: a listed requirement whose
  // status is "pass", a listed case that passed. Key -> what passed. A
  // listing whose cases skipped or did not run is not judged. The
  // conformance tests fail on each, so a fixed bug leaves the manifest.
  std::map<std::string, std::string> stale_deviations;
};

Report BuildReport(const SpecTable& spec, const std::vector<CaseResult>& cases,
                   const Deviations& deviations, const RunInfo& info,
                   const Classifications& classifications = {});

// Counts per area and status, as a fixed-width table (one screen).
std::string AreaSummary(const Report& report);

// report.json, report.md and report.html in `dir` (created).
absl::Status WriteReport(const Report& report, const std::string& dir);

// Reads back a report.json (for --compare).
absl::StatusOr<Report> ReadReport(const std::string& dir);

// The host facts (RunInfo::host keys) whose values differ between reports.
std::vector<std::string> HostFactsThatDiffer(const std::vector<Report>& reports);

// compare.md and compare.html in `dir`: one column per report, the host
// facts side by side, and a warning naming each fact that differs.
absl::Status WriteComparison(const std::vector<Report>& reports, const std::string& dir);

// The statuses that make a conformance test fail: "fail", "warn" and
// "unstable" (a deviation must be listed to be accepted; "newer" is judged
// apart).
bool IsFailure(const std::string& status);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_REPORT_H_

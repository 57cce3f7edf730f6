// Report: turns case results into per-requirement verdicts and writes them
// as report.json, report.md and report.html; compares several reports.
//
// A requirement's status combines the cases citing it:
//   fail       some case failed it (a failing SHOULD is "warn" instead, as
//              SPEC.md says a SHOULD deviation is a warning)
//   deviation  it failed, and the runtime's deviation manifest
//              (deviations/<runtime>.json, {"ID or case id": "reason"})
//              lists it: shown with the reason, never hidden
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

struct RequirementStatus {
  std::string id, area, level, text;
  std::string status;
  std::vector<std::string> cases;
  std::string detail;
};

struct Report {
  std::string runtime;      // adapter name
  std::string description;  // binary path
  std::vector<std::string> areas;
  std::map<std::string, std::string> area_titles;
  std::vector<RequirementStatus> requirements;  // spec order
  std::vector<CaseResult> cases;
};

Report BuildReport(const SpecTable& spec, const std::vector<CaseResult>& cases,
                   const Deviations& deviations, const std::string& runtime,
                   const std::string& description);

// Counts per area and status, as a fixed-width table (one screen).
std::string AreaSummary(const Report& report);

// report.json, report.md and report.html in `dir` (created).
absl::Status WriteReport(const Report& report, const std::string& dir);

// Reads back a report.json (for --compare).
absl::StatusOr<Report> ReadReport(const std::string& dir);

// compare.md and compare.html in `dir`: one column per report.
absl::Status WriteComparison(const std::vector<Report>& reports, const std::string& dir);

// The statuses that make a conformance test fail: "fail" and "warn"
// (a deviation must be listed to be accepted).
bool IsFailure(const std::string& status);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_REPORT_H_

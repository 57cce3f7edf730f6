#include "conformance/runner.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "conformance/engine.h"
#include "conformance/file_util.h"
#include "conformance/runtime_claim.h"
#include "conformance/spec_ids.h"
#include "conformance/status.h"

namespace nsinit::conformance {

std::string Runfile(const std::string& argv0, const std::string& workspace_path) {
  std::vector<std::string> roots;
  for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    const char* v = getenv(var);
    if (v != nullptr && *v != '\0') roots.push_back(v);
  }
  if (!argv0.empty()) roots.push_back(argv0 + ".runfiles");
  for (const std::string& r : roots) {
    std::string p = r + "/nsinit/" + workspace_path;
    if (PathExists(p)) return p;
  }
  return workspace_path;
}

bool Selected(const Case& c, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  for (const std::string& f : filters) {
    if (absl::AsciiStrToUpper(f) == c.area || f == c.id) return true;
    for (const std::string& r : c.requirements) {
      if (r == f) return true;
    }
  }
  return false;
}

CaseResult MergeRetry(CaseResult first, const CaseResult& second) {
  bool flipped = second.verdict != Verdict::kFail;
  for (auto& [id, v] : first.requirements) {
    auto it = second.requirements.find(id);
    Verdict again = it == second.requirements.end() ? Verdict::kSkip : it->second;
    if (v != again) {
      v = Verdict::kUnstable;
      flipped = true;
    }
  }
  if (!flipped) return first;
  first.verdict = Verdict::kUnstable;
  first.retry_detail = second.verdict == Verdict::kPass
                           ? "pass"
                           : absl::StrCat(VerdictName(second.verdict), ": ", second.detail);
  first.millis += second.millis;
  return first;
}

std::string DeviationsPath(const std::string& deviations_dir, const Adapter& adapter) {
  return absl::StrCat(deviations_dir, "/", adapter.deviations_name(), ".json");
}

std::string ClassificationsPath(const std::string& deviations_dir) {
  return deviations_dir + "/classifications.json";
}

absl::StatusOr<Report> RunSuite(Adapter& adapter, const RunOptions& options) {
  ASSIGN_OR_RETURN(SpecTable spec, LoadSpec(options.spec_path));
  ASSIGN_OR_RETURN(std::vector<Case> all, LoadCases(options.cases_dir));
  std::vector<const Case*> cases;
  for (const Case& c : all) {
    if (Selected(c, options.filters)) cases.push_back(&c);
  }
  ASSIGN_OR_RETURN(Deviations deviations,
                   LoadDeviations(DeviationsPath(options.deviations_dir, adapter)));
  ASSIGN_OR_RETURN(
      Classifications classifications,
      LoadClassifications(ClassificationsPath(options.deviations_dir), adapter.name()));
  RunInfo info = options.info;
  if (info.runtime.empty()) info.runtime = adapter.name();
  if (info.runtime_path.empty()) info.runtime_path = adapter.description();
  Engine engine(adapter, EngineOptions{options.probe, ""});
  std::vector<CaseResult> results;
  const bool tty = isatty(2);
  int failures = 0;         // cases that failed, not counting...
  int listed_failures = 0;  // ...those the deviations file lists...
  int newer_failures = 0;   // ...and those needing a newer spec than claimed
  const int claim = info.strict ? -1 : SpecMinorVersion(info.spec_claim);
  auto needs_newer = [&](const Case& c) {
    for (const std::string& id : c.requirements) {
      const Requirement* r = spec.Find(id);
      if (claim >= 0 && r != nullptr && !r->oci_version.empty() &&
          SpecMinorVersion(r->oci_version) > claim) {
        return true;
      }
    }
    return false;
  };
  std::string area;
  absl::Time start = absl::Now();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = *cases[i];
    if (options.progress && c.area != area) {
      if (!area.empty() && !tty) fprintf(stderr, "\n");
      area = c.area;
    }
    if (options.progress) {
      fprintf(stderr, "%s[%zu/%zu] %-6s failures so far: %d  %-40s%s", tty ? "\r" : "", i + 1,
              cases.size(), c.area.c_str(), failures, c.id.substr(0, 40).c_str(), tty ? "" : "\n");
      fflush(stderr);
    }
    CaseResult r = engine.Run(c);
    if (r.verdict == Verdict::kFail && options.retry) {
      r = MergeRetry(std::move(r), engine.Run(c));
      if (options.progress && r.verdict == Verdict::kUnstable) {
        fprintf(stderr, "%sUNSTABLE %s: run 1: %s || run 2: %s\n", tty ? "\r" : "", c.id.c_str(),
                r.detail.substr(0, 500).c_str(), r.retry_detail.substr(0, 500).c_str());
      }
    }
    if (r.verdict == Verdict::kFail) {
      bool listed = deviations.count(c.id) > 0;
      for (const auto& [id, v] : r.requirements) {
        listed = listed || (v == Verdict::kFail && deviations.count(id) > 0);
      }
      bool newer = !listed && needs_newer(c);
      ++(listed ? listed_failures : newer ? newer_failures : failures);
      if (options.progress) {
        fprintf(stderr, "%sFAIL%s %s: %s\n", tty ? "\r" : "",
                listed  ? " (listed deviation)"
                : newer ? " (newer than the runtime's spec)"
                        : "",
                c.id.c_str(), r.detail.substr(0, 1000).c_str());
      }
    }
    results.push_back(std::move(r));
  }
  if (options.progress) {
    fprintf(stderr,
            "%s%zu cases in %.1f s, %d failed, %d more failed as listed deviations, %d more "
            "need a spec newer than %s claims\n",
            tty ? "\r\n" : "", cases.size(), absl::ToDoubleSeconds(absl::Now() - start), failures,
            listed_failures, newer_failures, info.runtime.c_str());
  }
  Report report = BuildReport(spec, results, deviations, info, classifications);
  if (options.progress) {
    for (const auto& [key, what] : report.stale_deviations) {
      fprintf(stderr, "STALE DEVIATION %s: deviations/%s.json lists it, but it %s: remove it\n",
              key.c_str(), adapter.deviations_name().c_str(), what.c_str());
    }
  }
  return report;
}

}  // namespace nsinit::conformance

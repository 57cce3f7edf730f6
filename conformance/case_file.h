// A conformance case: one JSON file under conformance/cases/<area>/.
//
//   {
//     "id": "mnt-proc-flags",                // unique across all cases
//     "requirements": ["DEV-014", ...],      // SPEC.md IDs it judges
//     "patch": {...},                        // RFC 7386 merge patch over the
//                                            // base config (tools/testing)
//     "rootfs": {"files": {"/etc/x": "text"}, "dirs": ["/a"],
//                "symlinks": {"/l": "target"}, "probes": ["/bin/p2"]},
//     "append": {"mounts": [...], "linux.devices": [...]},  // arrays
//                                            // appended after the patch (a
//                                            // merge patch replaces arrays)
//     "bundle": {"files": {"src/a": "x"}, "dirs": ["src/d"]},
//     "run": ["/probe", "facts"],            // process.args (default)
//     "probes": [["facts"], ["stat", "/dev/null"]],  // several probe verbs,
//                                            // run through /bin/sh -c
//     "needs": ["root", "cgroup2", "userns", "cli", "features"],
//     "feature_checks": [observation, ...],  // on `features`; else skip
//     "skip": "why this cannot be checked yet",
//     "timeout_ms": 10000,
//     "expect": [observation, ...],          // judged on the run step
//     "steps": [{"step": "create"}, ...]     // instead of run + expect
//   }
//
// Strings in "patch", "bundle" and step arguments may use the variables of
// the engine (${bundle}, ${tmp}, ${id}, ...). Loading checks the shape
// (types, unknown top-level members) so a typo is an error, not a silent
// pass; steps and observations are checked when they run.
#ifndef NSINIT_CONFORMANCE_CASE_FILE_H_
#define NSINIT_CONFORMANCE_CASE_FILE_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

struct RootfsEntry {
  enum Kind { kFile, kDir, kSymlink, kProbe } kind;
  std::string path;
  std::string payload;  // contents or link target
  mode_t mode = 0644;
};

struct Case {
  std::string id;
  std::string area;  // the folder name, upper-cased ("mnt" -> "MNT")
  std::string file;  // path it was loaded from
  std::vector<std::string> requirements;
  std::string skip;  // non-empty: not testable yet, with the reason
  std::vector<std::string> needs;
  std::string patch = "{}";  // compact JSON, process.args already merged in
  std::string append;        // compact JSON object or "" (dotted path -> array)
  std::vector<RootfsEntry> rootfs;
  std::vector<RootfsEntry> bundle;  // paths relative to the bundle
  int timeout_ms = 10000;
  // Owns "steps" (always present after loading: a case with "expect" gets
  // [{"step": "run", "expect": [...]}]) and "feature_checks".
  std::shared_ptr<rapidjson::Document> doc;

  const rapidjson::Value& steps() const { return (*doc)["steps"]; }
  const rapidjson::Value* feature_checks() const;
};

// Parses one case. `area` is the folder name.
absl::StatusOr<Case> ParseCase(absl::string_view json, absl::string_view area,
                               absl::string_view file);

// Every *.json below `dir`/<area>/, sorted by area then file name. Fails on
// the first unreadable or malformed file, or on a duplicate case id.
absl::StatusOr<std::vector<Case>> LoadCases(const std::string& dir);

// Shell-quotes `words` for /bin/sh -c (single quotes).
std::string ShellJoin(const std::vector<std::string>& words);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_CASE_FILE_H_

// RuntimeClaim: what a runtime under test says it is, checked before any
// case runs.
//
// The suite refuses up front (one line saying why, nothing runs) a runtime
// that is not an executable file, whose `--version` fails or prints
// nothing, or whose `state` of a container that does not exist succeeds
// (an OCI runtime must report the unknown ID as an error). What it learns
// on the way is the runtime's claim: the `--version` text and the newest
// runtime-spec version it implements, taken from `features`'
// `ociVersionMax` when it has a features document, else from the
// `spec: X.Y.Z` line of `--version` (runc 1.1.5: "spec: 1.0.2-dev").
// Requirements newer than that claim are judged apart (report.h).
#ifndef NSINIT_CONFORMANCE_RUNTIME_CLAIM_H_
#define NSINIT_CONFORMANCE_RUNTIME_CLAIM_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::conformance {

struct RuntimeClaim {
  std::string path;               // resolved (symlinks followed)
  std::string version_output;     // `--version` stdout, trimmed
  std::string spec_version;       // "1.0.2-dev"; "" when it states none
  std::string spec_version_from;  // "features ociVersionMax" or "--version"
};

// A spec version ("1.0.2-dev", "1.2.0") as major*100+minor (100, 102);
// -1 when `text` does not start with MAJOR.MINOR.
int SpecMinorVersion(absl::string_view text);

// The version on a "spec: X" (or "spec version: X") line; "" when none.
std::string SpecVersionFromVersionOutput(absl::string_view text);

// `ociVersionMax` of a features document; "" when absent or not JSON.
std::string SpecVersionFromFeatures(absl::string_view json);

// Checks `binary` as described above and reads its claim. `scratch` is a
// writable directory for the `--root` of the `state` probe. The error is
// one line naming the path and what was wrong.
absl::StatusOr<RuntimeClaim> CheckRuntime(const std::string& binary, const std::string& scratch);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_RUNTIME_CLAIM_H_

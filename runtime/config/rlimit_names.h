// RLIMIT_* names as written in config.json, and their resource numbers.
//
// process.rlimits[].type names a setrlimit(2) resource; the parser resolves
// it once so the child only calls prlimit with a number.
#ifndef NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace nsinit::config {

// The resource number of "RLIMIT_NOFILE" and friends, or nullopt.
std::optional<int> RlimitFromName(absl::string_view name);

// "RLIMIT_NOFILE" for RLIMIT_NOFILE; empty when unknown.
absl::string_view RlimitName(int resource);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_

// The rlimit vocabulary: one table row per setrlimit(2) resource, its
// RLIMIT_* name as config.json writes it (process.rlimits[].type) and its
// number. The parser resolves a name once so the child only calls prlimit
// with a number; validation and v1 import (which has numbers) read the same
// table, and names_test checks it against the running kernel.
#ifndef NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace nsinit::config {

struct RlimitInfo {
  int resource;            // RLIMIT_NOFILE: 7
  absl::string_view name;  // "RLIMIT_NOFILE"
};

// Every row, in number order: row i is resource i.
absl::Span<const RlimitInfo> AllRlimits();

// The resource number of "RLIMIT_NOFILE" and friends, or nullopt.
std::optional<int> RlimitFromName(absl::string_view name);

// "RLIMIT_NOFILE" for RLIMIT_NOFILE; empty when unknown.
absl::string_view RlimitName(int resource);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_RLIMIT_NAMES_H_

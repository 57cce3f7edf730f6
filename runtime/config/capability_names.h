// The capability vocabulary: one table row per capability, its
// <linux/capability.h> name ("CAP_CHOWN") and number, for every capability
// up to CAP_LAST_CAP of the headers this was built with. Parsing, validation,
// v1 import, exec --cap, the child plan's capability masks and `nsinit
// features` all read this table; names_test checks it against libcap's own
// names and against the running kernel.
//
// A config may name a capability that the headers know but the running
// kernel does not (an older kernel: /proc/sys/kernel/cap_last_cap is lower);
// the OCI runtime-spec says such names are ignored, so the parser drops them
// with a warning. A name that nobody knows is a config error.
#ifndef NSINIT_RUNTIME_CONFIG_CAPABILITY_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_CAPABILITY_NAMES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace nsinit::config {

struct CapabilityInfo {
  int number;              // CAP_CHOWN: 0
  absl::string_view name;  // "CAP_CHOWN"
};

// Every row, in number order: row i is capability i.
absl::Span<const CapabilityInfo> AllCapabilities();

// The number of "CAP_CHOWN"-style names, or nullopt when unknown.
std::optional<int> CapabilityFromName(absl::string_view name);

// "CAP_CHOWN" for 0; empty for numbers beyond the built-in table.
absl::string_view CapabilityName(int cap);

// CAP_LAST_CAP of the headers this was built with.
int LastKnownCapability();

// The last capability in `path` (the kernel's cap_last_cap file).
absl::StatusOr<int> ReadKernelLastCapability(
    absl::string_view path = "/proc/sys/kernel/cap_last_cap");

// The running kernel's last capability, read once per process: the config
// parser and the plan builder both need it on every create.
absl::StatusOr<int> KernelLastCapability();

// Every known capability name, in number order.
std::vector<std::string> AllCapabilityNames();

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_CAPABILITY_NAMES_H_

// OCI config.json <-> Spec.
//
// ParseOciConfig reads runtime-spec 1.2 JSON with RapidJSON into the typed
// model and validates it (validate.h) before returning: a bad config is
// refused before anything is created. Errors start with the JSON path of the
// field, then the value and the reason:
//   process.user.uid: expected an unsigned integer, got "root"
// Unknown fields are ignored (the spec allows extensions). Capability names
// the running kernel lacks are dropped with a warning, as the OCI text says.
#ifndef NSINIT_RUNTIME_CONFIG_OCI_CONFIG_H_
#define NSINIT_RUNTIME_CONFIG_OCI_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

// Parses and validates config.json text. Non-fatal findings (unknown
// capability names, ...) are appended to `warnings` when it is non-null.
absl::StatusOr<Spec> ParseOciConfig(absl::string_view json,
                                    std::vector<std::string>* warnings = nullptr);

// ParseOciConfig as if the running kernel's last capability
// (/proc/sys/kernel/cap_last_cap) were `kernel_last_cap`: for callers that
// read it once, and for tests of the drop-with-warning rule.
absl::StatusOr<Spec> ParseOciConfigForKernel(absl::string_view json, int kernel_last_cap,
                                             std::vector<std::string>* warnings = nullptr);

// Reads BUNDLE/config.json; a relative root.path is made absolute against
// the bundle directory.
absl::StatusOr<Spec> LoadOciBundle(absl::string_view bundle_dir,
                                   std::vector<std::string>* warnings = nullptr);

// Parses an OCI linux.resources object alone (for `update --resources`);
// errors name the field as linux.resources.<field>.
absl::StatusOr<Resources> ParseResources(absl::string_view json);

// Parses an OCI process object alone (for `exec --process`); errors name
// the field as process.<field>.
absl::StatusOr<Process> ParseProcess(absl::string_view json);

// Serialises a Spec as OCI JSON (pretty-printed), omitting absent fields.
std::string ToOciJson(const Spec& spec);

// The default container of `nsinit spec` (like `runc spec`): sh in a
// terminal, the default mounts, masked and read-only paths, the default
// capability set. `rootless` adds a user namespace mapping the caller's ids
// and drops what an unprivileged user cannot do.
Spec DefaultSpec(bool rootless);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_OCI_CONFIG_H_

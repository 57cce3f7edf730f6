// Pieces of the OCI config.json parser shared between its files
// (oci_config.cc reads the top level and process, oci_linux_parse.cc the
// linux object). Not part of the config API.
#ifndef NSINIT_RUNTIME_CONFIG_OCI_PARSE_INTERNAL_H_
#define NSINIT_RUNTIME_CONFIG_OCI_PARSE_INTERNAL_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/spec.h"

namespace nsinit::config::internal {

// Reads an array of {containerID, hostID, size} at `parent.key`.
absl::Status ReadIdMappings(const JsonNode& parent, absl::string_view key,
                            std::vector<IdMapping>* out);

// Reads the "linux" object.
absl::StatusOr<Linux> ParseLinux(const JsonNode& node);

}  // namespace nsinit::config::internal

#endif  // NSINIT_RUNTIME_CONFIG_OCI_PARSE_INTERNAL_H_

// Import of a libcontainer v1 container.json (the seed's format) into Spec.
//
// The v1 format (see ../shared/reference/libcontainer-v1-spec-facts.md and
// sample_configs/v1/) names namespaces NEWNS/NEWPID/..., capabilities without
// CAP_, devices with numeric type (99 = 'c', 98 = 'b') and decimal file modes
// (438 = 0666), and cgroups under "cgroups". The import fills in what v1
// implied but did not write: the v1 default mounts, the default device nodes,
// the default capability set when none is given, the default device cgroup
// whitelist, parent-death SIGKILL. Errors name the v1 JSON path.
#ifndef NSINIT_RUNTIME_CONFIG_V1_IMPORT_H_
#define NSINIT_RUNTIME_CONFIG_V1_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

// `rootfs_dir` is the directory holding container.json (v1's root_fs default).
// `args` becomes process.args (v1 configs carry no command).
absl::StatusOr<Spec> ImportV1Config(absl::string_view json, absl::string_view rootfs_dir,
                                    const std::vector<std::string>& args,
                                    std::vector<std::string>* warnings = nullptr);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_V1_IMPORT_H_

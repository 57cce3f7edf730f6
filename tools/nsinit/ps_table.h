// runc's `ps ID [ps options]` table: the host's ps(1) run with the options
// (default -ef), its header and only the rows of the container's processes,
// found by the PID column. Scripts written for runc read these columns.
#ifndef NSINIT_TOOLS_NSINIT_PS_TABLE_H_
#define NSINIT_TOOLS_NSINIT_PS_TABLE_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace nsinit::cli {

// Runs `ps ARGS...` (`ps -ef` when `ps_args` is empty) and keeps the header
// and the rows whose PID is in `pids`.
absl::StatusOr<std::string> PsTable(const std::vector<pid_t>& pids,
                                    const std::vector<std::string>& ps_args);

// The filtering alone, on ps's output text.
absl::StatusOr<std::string> FilterPsOutput(const std::string& ps_output,
                                           const std::vector<pid_t>& pids);

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_PS_TABLE_H_

// process.terminal: who owns the container's pty. The slave is handed to
// the container's user, as runc does (it chowns stdio before the identity
// change), and to the group `tty` of the container's /etc/group when it
// has one; otherwise the group stays what devpts gave it (its `gid=`).
#ifndef NSINIT_RUNTIME_PROCESS_CONSOLE_OWNER_H_
#define NSINIT_RUNTIME_PROCESS_CONSOLE_OWNER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// The gid of `tty` in /etc/group text; none when absent or malformed.
std::optional<uint32_t> TtyGidInGroupFile(absl::string_view text);

// The gid of `tty` in ROOT/etc/group, the path resolved inside `root` (a
// symlink in the image cannot make the runtime read a host file); none when
// the file is missing, not a regular file, or has no such group.
std::optional<uint32_t> TtyGidInRoot(const std::string& root);

// Sets the plan's console owner for `plan->uid`, the group looked up in
// `root` ("" for none). Nothing to do without a terminal or for root
// without a `tty` group.
void PlanConsoleOwner(const std::string& root, InitPlan* plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CONSOLE_OWNER_H_

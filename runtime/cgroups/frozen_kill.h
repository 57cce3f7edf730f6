// Killing a process that sits in a frozen v1 freezer cgroup, ours or not.
// A task frozen by the v1 freezer does not act on SIGKILL until it is
// thawed: it stays in D state, its cgroups cannot be removed and a
// `delete --force` would wait forever. crun's tests move a container's
// init into a foreign frozen cgroup to check exactly that. The v2 freezer
// lets fatal signals through and needs nothing.
#ifndef NSINIT_RUNTIME_CGROUPS_FROZEN_KILL_H_
#define NSINIT_RUNTIME_CGROUPS_FROZEN_KILL_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "runtime/cgroups/hierarchy.h"

namespace nsinit::cgroups {

// The v1 freezer cgroup directory `pid` is in ("" without a v1 freezer),
// among `hierarchies` (the host's, e.g. a Manager's: mountinfo is read
// once per command).
std::string FreezerDirOf(pid_t pid, const std::vector<Hierarchy>& hierarchies);

// Sends SIGKILL through `pidfd` (the process `pid`); when the v1 freezer
// cgroup it is in is frozen, thaws it and waits up to `timeout` for the
// process to exit.
absl::Status KillThroughFreezer(int pidfd, pid_t pid, const std::vector<Hierarchy>& hierarchies,
                                absl::Duration timeout = absl::Seconds(10));

// Waits up to `timeout` for the process behind `pidfd` (`pid`, for the
// messages) to finish exiting: to be a zombie or reaped, what polling a
// pidfd reports. A killed process leaves its cgroups before that: a pid
// namespace's init, for one, first waits for every other process of its
// namespace to be reaped. DeadlineExceeded when it has not.
absl::Status AwaitExit(int pidfd, pid_t pid, absl::Duration timeout);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_FROZEN_KILL_H_

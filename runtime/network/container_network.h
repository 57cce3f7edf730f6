// A container's network, from the parent's side: what the config asks
// (v1 `networks`/`routes`, OCI `linux.netDevices`) is set up while the
// init waits in its new namespaces, undone on delete, and counted for
// `stats`. What was made is kept in the state directory (record.h), so any
// later process can undo or report it.
//
// The host end of a v1 veth pair is deleted on delete (the kernel would
// remove it anyway once the container's namespace is gone, but later);
// a create that fails halfway undoes what it did before returning, and one
// whose runtime is killed leaves at most a pair that dies with the
// container's namespace (the pair is made in one step, one end inside).
#ifndef NSINIT_RUNTIME_NETWORK_CONTAINER_NETWORK_H_
#define NSINIT_RUNTIME_NETWORK_CONTAINER_NETWORK_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/config/spec.h"
#include "runtime/network/netlink.h"

namespace nsinit::network {

// True when the config asks for anything set up from the parent.
bool NeedsNetworkSetUp(const config::Spec& spec);

// Sets up the network of the init `pid` (its network namespace made),
// recording in `state_dir`. On failure everything it made is undone.
absl::Status SetUpNetworkForChild(const config::Spec& spec, pid_t pid,
                                  const std::string& state_dir);

// Undoes the record of `state_dir`: moved devices go back to the caller's
// network namespace, host veth ends are deleted. `pid` is the init if it
// may still run (0 if not); without it the namespace joined by path is
// used. Does nothing without a record.
absl::Status TearDownNetworkForChild(const std::string& state_dir, pid_t pid);

struct InterfaceStats {
  std::string name;
  LinkStats stats;
};

// The counters of the recorded container interfaces, read in the init's
// network namespace; none without a record.
absl::StatusOr<std::vector<InterfaceStats>> ReadNetworkStats(const std::string& state_dir,
                                                             pid_t pid);

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_CONTAINER_NETWORK_H_

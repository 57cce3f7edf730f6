// The parent's half of seccomp user notification (SCMP_ACT_NOTIFY).
//
// OCI (config-linux.md#seccomp): when a filter returns a listener fd, the
// runtime connects to `linux.seccomp.listenerPath` (AF_UNIX, SOCK_STREAM),
// sends the container process state (ociVersion, fds ["seccompFd"], pid,
// metadata = listenerMetadata, state) with the fd in SCM_RIGHTS, and closes.
//
// The filter is loaded by the child right before execve (after `start`),
// and the child may not allocate or build JSON. So the parent connects
// during create, when it can still report a failure with a proper message
// (SEC-014), builds the state JSON once the child's pid is known, and hands
// both to the child with the plan (InitPlan::seccomp_listener_state). The
// child sends them with one sendmsg right after loading the filter.
#ifndef NSINIT_RUNTIME_PROCESS_SECCOMP_LISTENER_H_
#define NSINIT_RUNTIME_PROCESS_SECCOMP_LISTENER_H_

#include <string>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/config/spec.h"
#include "runtime/process/spawn.h"
#include "runtime/state/state.h"

namespace nsinit {

// A connected SOCK_STREAM socket to `path`; errors name the field.
absl::StatusOr<UniqueFd> ConnectSeccompListener(const std::string& path);

// The container process state JSON the listener receives: `pid` is the
// process the filter belongs to, `state` the container's OCI state.
std::string SeccompProcessState(const state::State& state, pid_t pid, const std::string& metadata);

// When `built`'s filter asks for a listener: the socket connected to
// listenerPath, which Spawn hands to the child with the plan (the caller
// fills InitPlan::seccomp_listener_state in SpawnOptions::complete_plan,
// once the child's pid is known). Otherwise an empty UniqueFd.
absl::StatusOr<UniqueFd> ConnectSeccompListenerFor(const config::Spec& spec,
                                                   const process::BuiltPlan& built);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_PROCESS_SECCOMP_LISTENER_H_

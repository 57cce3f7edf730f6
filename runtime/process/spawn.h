// Starting a child that runs a plan: the parent half of the sync protocol.
//
// Spawn() clones (creating the namespaces that only clone can make), writes
// the user namespace's id maps, lets the caller place the child in its
// cgroups, releases it (kGo) to re-exec itself from the sealed memfd, sends
// the plan, and returns once the child reports its setup done (kReady). At
// that point the child either waits for `start` (create) or is about to
// exec; WaitForExec() tells which way that went.
#ifndef NSINIT_RUNTIME_PROCESS_SPAWN_H_
#define NSINIT_RUNTIME_PROCESS_SPAWN_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/process/child_process.h"
#include "runtime/process/plan_builder.h"

namespace nsinit::process {

struct SpawnOptions {
  // Called with the child's pid once it has its plan: makes its cgroups
  // while the child re-executes and makes its namespaces, moves it into the
  // v2 one unless it was cloned there, and returns the v1 `tasks` files,
  // opened for writing, that the child joins itself (cgroups_child.h: no
  // cgroup.procs write, whose first one after a quiet spell waits for an
  // RCU grace period). They go with kCgroupsMade, which the child waits
  // for before anything that depends on its cgroups: the cgroup namespace,
  // mounts, affinity, exec.
  // in_cgroup: the child was cloned into clone_into_cgroup.
  std::function<absl::StatusOr<std::vector<UniqueFd>>(pid_t, bool in_cgroup)> join_cgroups;
  // Called once the child was told its cgroups are made: the caller's
  // own work that the child need not wait for, done while it makes its
  // mounts. An error stops the child.
  std::function<absl::Status()> while_child_mounts;
  // A cgroup2 directory (O_PATH) the caller made for the child: it is
  // cloned straight into it (clone3 CLONE_INTO_CGROUP), so it is never
  // moved there by a cgroup.procs write, whose first one waits for an RCU
  // grace period. When the kernel refuses (before 5.7, or a cgroup that
  // cannot take a process), the clone is made without it and join_cgroups
  // moves the child there.
  UniqueFd clone_into_cgroup;
  // Called with the child's pid before the plan is sent: what in the plan
  // depends on the pid (the state hooks read).
  std::function<void(pid_t, InitPlan*)> complete_plan;
  // With plan.sync_hooks: called when the child's mounts are ready, before
  // it switches root (prestart, createRuntime); an error stops the child.
  std::function<absl::Status(pid_t)> run_hooks;
  // Created by the caller for create: `start` connects to it.
  UniqueFd start_listener;
  // SCMP_ACT_NOTIFY: the connected listenerPath socket; complete_plan
  // fills in what the child sends on it with the listener fd.
  UniqueFd seccomp_listener;
  // The child's stdin, stdout, stderr; -1 inherits the caller's.
  int stdio[3] = {-1, -1, -1};
};

struct Spawned {
  ChildProcess child;
  UniqueFd sync;     // open until exec (EOF) or an error record
  UniqueFd console;  // the pty master when process.terminal
};

absl::StatusOr<Spawned> Spawn(BuiltPlan built, SpawnOptions options);

// After kReady of a child that does not wait for start: returns OK once
// the child exec'd (EOF on sync) or the error it reported.
absl::Status WaitForExec(Spawned& spawned);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SPAWN_H_

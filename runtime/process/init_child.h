// The child side: walks an InitPlan with raw system calls and execs.
//
// Runs in the re-exec'd runtime binary ("init" or "execin" mode), inside the
// namespaces the parent created at clone. It decides nothing: every path,
// flag and mask comes from the plan. On failure it sends one kError record
// (step, errno, object) over the sync socket and _exits; the parent turns
// that into a status and tears the container down.
#ifndef NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_

#include <cstddef>

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// `fds` are the fds sent with the plan: one per plan.join_nstypes entry, in
// order, then the start listener when plan.wait_for_start, then the
// listenerPath connection when plan.seccomp_listener_state is set.
[[noreturn]] void RunPlanInChild(const InitPlan& plan, int sync_fd, const int* fds,
                                 size_t nfds);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_

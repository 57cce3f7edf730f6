// The child side: walks an InitPlan step by step and execs.
//
// Runs in the re-exec'd runtime binary ("init" or "execin" mode, entry.h),
// inside the namespaces the parent created at clone. The re-exec made it a
// fresh single-threaded process, so the steps are ordinary C++; only from a
// no_new_privs seccomp filter (loaded right before exec) on does it
// allocate nothing (exec_child.h). It decides nothing: every path, flag and
// mask comes from the plan. Each step lives in the *_child.{h,cc} of its
// concern; on failure a step sends one kError record (step, errno, object)
// over the sync socket and _exits (report_child.h); the parent turns that
// into a status and tears the container down.
#ifndef NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_

#include <cstddef>

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// `fds` are the fds sent with the plan: one per plan.join_nstypes entry, in
// order, then the start listener when plan.wait_for_start, then the
// listenerPath connection when plan.seccomp_listener_state is set.
[[noreturn]] void RunPlanInChild(const InitPlan& plan, int sync_fd, const int* fds, size_t nfds);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_INIT_CHILD_H_

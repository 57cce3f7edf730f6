// The child's seccomp steps: no_new_privs, and loading the filter the
// parent compiled (seccomp.h) with the listener fd handed to the
// listenerPath socket for SCMP_ACT_NOTIFY. With no_new_privs the filter is
// loaded last, right before exec, so it does not see the runtime's own
// setup; without it, loading needs CAP_SYS_ADMIN and comes before the
// identity change may drop that.
#ifndef NSINIT_RUNTIME_PROCESS_SECCOMP_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_SECCOMP_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// PR_SET_NO_NEW_PRIVS when the plan asks for it.
void SetNoNewPrivsInChild(const InitPlan& plan);

// Loads plan.seccomp_bpf, if any. `notify_sock`: the connected listenerPath
// socket (SCMP_ACT_NOTIFY), or -1; taken (closed) once the listener fd and
// the state are sent on it.
void LoadSeccompInChild(const InitPlan& plan, int notify_sock);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SECCOMP_CHILD_H_

// The end of the child's setup: it tells the runtime it is ready (create
// returns), then, for a container created to be started later, waits for
// `start` to connect. A parent-death signal armed before ties the init's
// life to its caller's until then.
#ifndef NSINIT_RUNTIME_PROCESS_START_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_START_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// PR_SET_PDEATHSIG (plan.pdeathsig), and an exit now when the caller is
// already gone.
void ArmParentDeathSignalInChild(const InitPlan& plan);

// Sends kReady with the marks so far; then, when `start_listener` >= 0
// (taken), blocks until `start` connects to it and reports later failures
// (and the exec itself, by EOF) to that connection.
void AwaitStartInChild(int start_listener);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_START_CHILD_H_

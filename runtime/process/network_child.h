// The child's network setup: a new network namespace starts with its
// loopback interface down, and containers expect it up.
#ifndef NSINIT_RUNTIME_PROCESS_NETWORK_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_NETWORK_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Sets IFF_UP on "lo" when the plan made a network namespace.
void BringUpLoopbackInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_NETWORK_CHILD_H_

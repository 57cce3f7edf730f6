// Nothing the runtime had open may reach the container, nor this process
// itself: the first step of the child after its re-exec.
#ifndef NSINIT_RUNTIME_PROCESS_FDS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_FDS_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Every fd above stdio and plan.preserve_fds, and `sync_fd`, close at exec;
// until then the process is not dumpable.
void CloseInheritedFdsInChild(const InitPlan& plan, int sync_fd);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_FDS_CHILD_H_

// The per-container kernel settings the init writes once in its root: the
// UTS namespace's hostname and domainname (sethostname(2),
// setdomainname(2)), and linux.sysctl, each written under /proc/sys
// through procfs_child.h (so nothing mounted over a file takes the write).
#ifndef NSINIT_RUNTIME_PROCESS_SYSCTLS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_SYSCTLS_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// hostname and domainname when the plan sets them, then every linux.sysctl
// entry in order (/proc must be a real procfs for those).
void ApplySysctlsInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SYSCTLS_CHILD_H_

// The child's namespaces: those of a running container it joins (setns),
// the new ones it creates (unshare; a time namespace's offsets written and
// entered), and the cgroup namespace, made once the runtime has put the
// child in its cgroups so that their root is the container's cgroup.
#ifndef NSINIT_RUNTIME_PROCESS_NAMESPACES_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_NAMESPACES_CHILD_H_

#include <stddef.h>

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Joins the namespace fds `fds[0 .. plan.join_nstypes.size())` (taken),
// the user namespace first, so what is created after is owned by it.
void JoinNamespacesInChild(const InitPlan& plan, const int* fds, size_t nfds);

// Creates the plan's new namespaces but the cgroup namespace.
void UnshareNamespacesInChild(const InitPlan& plan);

// The cgroup namespace, once in the container's cgroups.
void UnshareCgroupNamespaceInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_NAMESPACES_CHILD_H_

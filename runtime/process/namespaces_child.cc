#include "runtime/process/namespaces_child.h"

#include <fcntl.h>
#include <sched.h>

#include "runtime/base/unique_fd.h"
#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void JoinNamespacesInChild(const InitPlan& plan, const int* fds, size_t nfds) {
  size_t join_count = plan.join_nstypes.size();
  if (join_count > nfds) FailInChild(ChildStep::kJoinNamespace, "missing namespace fds");
  for (size_t i = 0; i < join_count; ++i) {
    UniqueFd ns(fds[i]);
    if (setns(ns.get(), static_cast<int>(plan.join_nstypes[i])) != 0) {
      FailInChild(ChildStep::kJoinNamespace, nullptr);
    }
    ns.reset();
  }
}

void UnshareNamespacesInChild(const InitPlan& plan) {
  // All but the cgroup namespace, whose root is the cgroup we are in when
  // it is made: the runtime is putting us in ours meanwhile.
  const int unshare_now =
      static_cast<int>(plan.unshare_flags & ~static_cast<uint64_t>(CLONE_NEWCGROUP));
  if (unshare_now != 0 && unshare(unshare_now) != 0) FailInChild(ChildStep::kUnshare, nullptr);
  // Offsets can be set only before any process enters the new time
  // namespace: ours enters it at exec.
  if (!plan.timens_offsets.empty() &&
      !WriteProcFileInChild("/proc/self/timens_offsets", plan.timens_offsets.c_str())) {
    FailInChild(ChildStep::kUnshare, "/proc/self/timens_offsets");
  }
  // Before Linux 6.2 exec does not switch to time_for_children (only fork
  // does), so the init would stay in the host's: enter it now, offsets set
  // (setns needs a single-threaded caller, which the cloned child is).
  if (plan.unshare_flags & CLONE_NEWTIME) {
    UniqueFd timens(open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC));
    if (!timens || setns(timens.get(), CLONE_NEWTIME) != 0) {
      FailInChild(ChildStep::kUnshare, "setns /proc/self/ns/time_for_children");
    }
    timens.reset();
  }
}

void UnshareCgroupNamespaceInChild(const InitPlan& plan) {
  if ((plan.unshare_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) != 0) {
    FailInChild(ChildStep::kUnshare, "CLONE_NEWCGROUP");
  }
}

}  // namespace nsinit::process

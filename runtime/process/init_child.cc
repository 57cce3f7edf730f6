#include "runtime/process/init_child.h"

#include <sys/stat.h>

#include <utility>
#include <vector>

#include "runtime/base/unique_fd.h"
#include "runtime/process/cgroups_child.h"
#include "runtime/process/console_child.h"
#include "runtime/process/exec_child.h"
#include "runtime/process/fds_child.h"
#include "runtime/process/hooks_child.h"
#include "runtime/process/identity_child.h"
#include "runtime/process/labels_child.h"
#include "runtime/process/limits_child.h"
#include "runtime/process/mounts_child.h"
#include "runtime/process/namespaces_child.h"
#include "runtime/process/network_child.h"
#include "runtime/process/report_child.h"
#include "runtime/process/rootfs_child.h"
#include "runtime/process/seccomp_child.h"
#include "runtime/process/start_child.h"
#include "runtime/process/sync_child.h"
#include "runtime/process/sysctls_child.h"

namespace nsinit::process {

// The marks (ChildMark) time each group of steps for --debug-timings.
void RunPlanInChild(const InitPlan& plan, int sync_fd, const int* fds, size_t nfds) {
  SetChildReportFd(sync_fd);
  ChildMark(ChildStep::kReadPlan);  // the plan is decoded: setup begins
  CloseInheritedFdsInChild(plan, sync_fd);
  umask(0);  // the nodes and directories the plan makes get exactly their modes
  // Namespaces: joined ones first (the user namespace leads, so what is
  // created after is owned by it), then the new ones.
  JoinNamespacesInChild(plan, fds, nfds);
  const size_t joined = plan.join_nstypes.size();
  const int start_listener = plan.wait_for_start && nfds > joined ? fds[joined] : -1;
  const int notify_sock = !plan.seccomp_listener_state.empty() && nfds > 0 ? fds[nfds - 1] : -1;
  ChildMark(ChildStep::kJoinNamespace);
  UnshareNamespacesInChild(plan);
  ChildMark(ChildStep::kUnshare);
  BringUpLoopbackInChild(plan);
  ChildMark(ChildStep::kLoopback);
  // In our cgroups from here on (sync.h): the cgroup namespace's root, the
  // cgroup mounts, the cpuset (joining one resets the affinity set below)
  // and everything the container's process inherits depend on it.
  JoinCgroupsInChild();
  ChildMark(ChildStep::kWaitCgroups);
  UnshareCgroupNamespaceInChild(plan);
  SetAffinityInChild(plan.cpu_affinity_initial);

  UniqueFd console;  // process.terminal: the pty slave that becomes stdio
  if (plan.mode == InitPlan::kInit) {
    StartSessionInChild();
    console = SetUpFilesystemInChild(plan);  // mounts, console, hooks, pivot_root
    ChildMark(ChildStep::kPivotRoot);
    ApplySysctlsInChild(plan);     // hostname and domainname too
    ApplyLateMountsInChild(plan);  // after the sysctls: /proc/sys may become read-only
  } else {
    console = EnterExecSessionInChild(plan);
  }
  AttachConsoleInChild(std::move(console));
  ChildMark(ChildStep::kMask);  // hostname, sysctls, masked and read-only paths

  ApplyLimitsInChild(plan);
  SetNoNewPrivsInChild(plan);
  // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which the
  // identity change below may drop: load it while it is still held.
  if (!plan.no_new_privs) LoadSeccompInChild(plan, notify_sock);
  HandStdioToUserInChild(plan);
  SetMemoryPolicyInChild(plan);
  ChildMark(ChildStep::kSeccomp);  // rlimits, scheduling, seccomp, stdio owner
  SetIdentityInChild(plan);
  ChildMark(ChildStep::kSetUid);  // identity, capabilities, cwd
  ArmParentDeathSignalInChild(plan);
  // Laid out before the filter below: from it to exec nothing is allocated.
  const ExecCall exec = LookUpExecutableInChild(plan);
  const std::vector<HookCall> start_hooks = PrepareHooksInChild(plan.start_container_hooks);
  AwaitStartInChild(start_listener);
  SetExecLabelsInChild(plan);
  SetAffinityInChild(plan.cpu_affinity_final);
  // Last: the filter must not see the runtime's own setup.
  if (plan.no_new_privs) LoadSeccompInChild(plan, notify_sock);
  // After `start`, before the user's program: in the container, as its
  // user, paths resolved inside it, confined as the program will be (its
  // seccomp filter included, as runc: SPEC HOOK-025).
  RunHooksInChild(start_hooks, plan.start_hook_state, ChildStep::kStartContainerHook);
  ExecInChild(exec);
}

}  // namespace nsinit::process

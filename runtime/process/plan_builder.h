// Spec -> InitPlan: every decision about a container's setup, made in the
// parent where errors can be reported properly.
//
// The builder resolves mount sources against the bundle, turns option
// strings into flags, adds the default devices and /dev symlinks the OCI
// text requires, maps capability names to masks with libcap, compiles
// seccomp with libseccomp, picks HOME from the rootfs's /etc/passwd, and
// splits namespaces into those created at clone, created by unshare, and
// joined by path. Errors name the JSON path of the field involved.
#ifndef NSINIT_RUNTIME_PROCESS_PLAN_BUILDER_H_
#define NSINIT_RUNTIME_PROCESS_PLAN_BUILDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/config/spec.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

struct PlanOptions {
  std::string bundle;     // for relative mount sources
  int pdeathsig = 0;      // 0 for a detached create (the init outlives us)
  bool no_pivot = false;  // MS_MOVE + chroot instead of pivot_root
  bool wait_for_start = false;
  // The container's v1 cgroup directories on the host (empty on a pure v2
  // host): a "cgroup" mount shows them, read-only, under a tmpfs, as
  // runc does; otherwise it is a cgroup2 mount.
  std::vector<std::string> cgroup_v1_dirs;
};

// What the parent needs besides the plan to start the child.
struct NamespacePlan {
  uint64_t clone_flags = 0;        // CLONE_NEWUSER / CLONE_NEWPID, set at clone
  std::vector<UniqueFd> join_fds;  // sent with the plan (plan.join_nstypes)
  UniqueFd join_pid;               // pid namespace joined by path
  bool new_user = false;
  std::string uid_map;  // "0 1000 1\n" lines
  std::string gid_map;
  // An unprivileged runtime may write gid_map only after denying setgroups
  // in the new namespace (user_namespaces(7)).
  bool deny_setgroups = false;
};

struct BuiltPlan {
  InitPlan plan;
  NamespacePlan namespaces;
  // What was left out or ignored (capabilities the kernel lacks, SELinux
  // labels on a host without SELinux), for the caller to show.
  std::vector<std::string> warnings;
};

absl::StatusOr<BuiltPlan> BuildInitPlan(const config::Spec& spec, const PlanOptions& options);

// For exec into a running container whose init is `init_pid`: the process
// part of the plan plus the namespaces of the init to join.
absl::StatusOr<BuiltPlan> BuildExecPlan(const config::Spec& spec, const config::Process& process,
                                        pid_t init_pid);

// "0 1000 65536\n" for the kernel's uid_map/gid_map files.
std::string IdMapText(const std::vector<config::IdMapping>& mappings);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_PLAN_BUILDER_H_

// Cgroup ownership: handing a container's v2 cgroup to its root.
//
// OCI runtime-spec 1.2 (config-linux#cgroup-ownership): on cgroup v2, when
// the container has a user namespace and a cgroup namespace of its own and
// mounts /sys/fs/cgroup read-write, the runtime chowns the container's
// cgroup directory and the files the kernel lists as delegatable
// (/sys/kernel/cgroup/delegate; without it cgroup.procs, cgroup.threads and
// cgroup.subtree_control) to the host uid the process's uid maps to, so a
// systemd or a nested runtime inside can manage its subtree. Nothing else
// changes owner: a limit file written by the container's root would lift
// its own limits. Only the uid changes (the group stays), as runc does. See
// Documentation/admin-guide/cgroup-v2.rst, "Delegation Containment".
#ifndef NSINIT_RUNTIME_CGROUPS_OWNERSHIP_H_
#define NSINIT_RUNTIME_CGROUPS_OWNERSHIP_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime/cgroups/hierarchy.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

// The host uid to give the container's cgroup to, or nullopt when the spec
// and the host do not call for it (not unified, no user or cgroup namespace,
// /sys/fs/cgroup not mounted or mounted read-only, process uid unmapped).
std::optional<uid_t> CgroupOwner(const config::Spec& spec, CgroupMode mode);

// The files of a cgroup directory a delegation hands over: the names in
// `delegate_text` (one per line, the contents of /sys/kernel/cgroup/delegate)
// or, when it is empty, the three the spec names.
std::vector<std::string> DelegatedFiles(const std::string& delegate_text);

// Chowns `dir` and its delegated files to `uid` (group unchanged). Files
// the directory lacks (a controller not enabled there) are skipped.
absl::Status ChownCgroup(const std::string& dir, uid_t uid,
                         const std::string& delegate_path = "/sys/kernel/cgroup/delegate");

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_OWNERSHIP_H_

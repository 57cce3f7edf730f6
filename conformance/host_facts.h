// What the host sees of a container, as a JSON document for observations
// with "from": "host", and the host-side variables cases compare against.
//
// The document (all members always present, null when unknown):
//   state_dir_exists   <root>/<id> exists (runc, crun and nsinit keep a
//                      container's state there)
//   pid, pid_alive     ${pid} (the init, learnt from `state`) and whether
//                      it is alive and not a zombie
//   ns                 {"mnt": "mnt:[...]", ...} of /proc/PID/ns
//   status             /proc/PID/status as {"Uid": "0 0 0 0", ...}
//   uid_map, gid_map, setgroups    /proc/PID/... text
//   cgroup             lines of /proc/PID/cgroup
//   cgroup_dir         host path of its v2 cgroup (below the cgroup2 mount:
//                      /sys/fs/cgroup, or /sys/fs/cgroup/unified on a
//                      hybrid host), and cgroup_dir_exists
//   cgroup_v1          {"memory": "/sys/fs/cgroup/memory/<path>", ...}: its
//                      directory in every mounted v1 hierarchy it is in
//                      ({} on a pure v2 host), and cgroup_v1_exists
//                      {"memory": true, ...}
//   cgroup_files       {"memory.max": "max", ...} for the step's
//                      "cgroup_files" names: "ctrl/file" is read in the v1
//                      hierarchy of ctrl; "ctrl.rest" in the v1 hierarchy of
//                      ctrl when the process is in one (so
//                      "memory.limit_in_bytes" reads v1, "memory.max" on a
//                      hybrid host is null); any other name in cgroup_dir
//   files              {"/host/path": "content" or null} for the step's
//                      "read" paths
//   mounts_under_tmp   host mount points below the case's scratch dir
// A host step also sets the variables cgroup_dir and cgroup_v1.<ctrl>, so a
// later step can look at the directories after delete.
// Variables: host_ns.<type> (this process's namespaces), host_hostname,
// host_oom_score_adj.
#ifndef NSINIT_CONFORMANCE_HOST_FACTS_H_
#define NSINIT_CONFORMANCE_HOST_FACTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "conformance/adapter.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

Variables HostVariables();

// The document above as JSON text. `step` may carry "cgroup_files" and
// "read" (arrays of strings).
absl::StatusOr<std::string> HostFacts(const rapidjson::Value& step, const CaseContext& ctx);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_HOST_FACTS_H_

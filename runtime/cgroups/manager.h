// Cgroups of one container: create, limit, join, list, freeze, update,
// destroy — on whatever the host has.
//
// The host decides the flavour (hierarchy.h): a *unified* (pure v2) host
// gets one directory in the cgroup2 hierarchy with every resource there; a
// *legacy* host one directory per v1 controller hierarchy; a *hybrid* host
// both: the v1 directories carry the limits and the cgroup2 directory the
// membership plus whatever no v1 hierarchy binds (a controller attached to
// the v2 mount, e.g. hugetlb, and linux.resources.unified). Paths derive
// only from the container's cgroupsPath (default /nsinit/<id>), never from
// memory, so `delete --force` in a fresh process finds and removes them from
// the config and id alone.
//
// cgroupsPath: absolute or relative, both resolved below each hierarchy's
// root — the "runtime-determined location" of the OCI spec is the root, so
// a later `delete` resolves the same directories wherever it runs. "." and
// ".." components are refused (a path must not escape its hierarchy).
#ifndef NSINIT_RUNTIME_CGROUPS_MANAGER_H_
#define NSINIT_RUNTIME_CGROUPS_MANAGER_H_

#include <stdint.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/hierarchy.h"
#include "runtime/cgroups/stats.h"
#include "runtime/cgroups/v1.h"
#include "runtime/cgroups/v2.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

// The parent of default cgroup paths; removed by Destroy once empty.
inline constexpr char kDefaultParent[] = "/nsinit";

// The most tasks files JoinClonedProcess returns: what one message of the
// sync protocol carries (runtime/base/scm_rights.h).
inline constexpr size_t kMaxSelfJoinFiles = 16;

class Manager {
 public:
  // `cgroups_path` from linux.cgroupsPath; empty means /nsinit/<id>.
  // Detects the host's hierarchies.
  static Manager For(const std::string& cgroups_path, const std::string& id);

  // An explicit hierarchy list (tests point it at fixture trees). `path` as
  // NormalizePath returns it.
  Manager(std::string path, std::vector<Hierarchy> hierarchies);

  // "/nsinit/<id>" for an empty path; a leading '/' added; repeated and
  // trailing slashes dropped.
  static std::string NormalizePath(const std::string& cgroups_path, const std::string& id);

  CgroupMode mode() const { return mode_; }
  // The host's hierarchies (v1 ones), as detected once by For().
  const std::vector<Hierarchy>& v1_hierarchies() const { return v1_.hierarchies(); }
  // Every hierarchy it was made with (v1 and v2), as For() detected them:
  // saved with a container's state, so later commands need not detect
  // them again (a mountinfo read each).
  const std::vector<Hierarchy>& hierarchies() const { return hierarchies_; }
  const std::string& path() const { return path_; }  // relative to each root
  // Every directory of the container: the v1 ones, then the v2 one.
  std::vector<std::string> Directories() const;
  // Settings accepted but without effect here (e.g. kernel memory on v2).
  const std::vector<std::string>& warnings() const { return warnings_; }

  // FailedPrecondition when a directory of the container already exists and
  // holds processes or is frozen (SPEC CG-006). Called before Create, and
  // before anything would undo it: Destroy kills whatever is in the cgroup.
  absl::Status CheckUnused() const;
  // Creates every directory (idempotent) and writes the limits.
  absl::Status Create(const config::Resources* resources);
  // Writes new limits into the existing cgroups of a running container.
  absl::Status Update(const config::Resources& resources);
  // Moves `pid` (all its threads) into every directory: cgroup.procs.
  absl::Status AddProcess(pid_t pid) const;
  // The v2 directory, which a process can be cloned into (CLONE_INTO_CGROUP)
  // instead of being moved (pure v2 and hybrid hosts); else empty.
  std::string CloneIntoDir() const;
  // On a hybrid host, makes only CloneIntoDir() (with the controllers the
  // resources need there), so that a process can be cloned into it before
  // Create makes the rest; elsewhere the same as Create.
  absl::Status CreateCloneIntoDir(const config::Resources* resources);
  // CloneIntoDir() opened O_PATH for clone3, once it exists; an empty fd
  // where there is none.
  absl::StatusOr<UniqueFd> OpenCloneIntoDir() const;
  // For a single-threaded process `pid` the runtime just cloned, once the
  // directories exist: the `tasks` file of each v1 directory, opened for
  // writing, for the process to join itself by writing "0" (the migration
  // the kernel makes without its global threadgroup lock; see
  // runtime/process/cgroups_child.h), at most kMaxSelfJoinFiles of them
  // (any further hierarchy gets `pid` written here). Unless `cloned_into`
  // (it was cloned into CloneIntoDir()), `pid` is moved into the v2
  // directory here.
  absl::StatusOr<std::vector<UniqueFd>> JoinClonedProcess(pid_t pid, bool cloned_into) const;
  // Every process in the container's cgroup, sub-cgroups included.
  absl::StatusOr<std::vector<pid_t>> Pids() const;
  // Returns only once the freeze (or thaw) is complete.
  absl::Status Freeze(bool frozen) const;
  absl::StatusOr<bool> Frozen() const;
  // Removes the dirs; where one still holds a process (or sub-cgroups the
  // container made), SIGKILLs everything inside, waits for it to die and
  // removes the rest. Then the empty parents this instance made; nsinit's
  // shared /nsinit stays.
  absl::Status Destroy() const;

  // Usage counters (stats.h).
  absl::StatusOr<Stats> GetStats() const;

  // An fd that becomes readable when the container may have hit an OOM:
  // v1 an eventfd registered on memory.oom_control (cgroup.event_control),
  // v2 an inotify fd on memory.events. After poll() reports it readable,
  // call DrainOomEventFd and compare ReadOomCount with its last value.
  absl::StatusOr<UniqueFd> OomEventFd() const;
  static void DrainOomEventFd(int fd);
  // OOM kills so far (v1 memory.oom_control / v2 memory.events "oom_kill").
  absl::StatusOr<uint64_t> ReadOomCount() const;

 private:
  absl::Status CheckPath() const;
  // The v2 controllers the resources need delegated to the container's
  // directory (all the root offers on a pure v2 host).
  absl::StatusOr<std::vector<std::string>> V2ControllersFor(const config::Resources& r) const;
  // mkdir of the v1 directories (`v1`) and the v2 one (unless
  // CreateCloneIntoDir made it), retried when a concurrent Destroy removes
  // a shared parent between two levels.
  absl::Status MakeDirectories(bool v1, const std::vector<std::string>& v2_controllers);
  absl::Status Apply(const config::Resources& resources, bool update);
  absl::Status KillAll() const;
  absl::Status ApplyV2Devices(const std::vector<config::DeviceRule>& rules);
  // The directory holding the container's processes for listing.
  std::string MembershipDir() const;

  std::string path_;
  std::vector<Hierarchy> hierarchies_;
  CgroupMode mode_;
  V1Cgroup v1_;
  std::optional<V2Cgroup> v2_;
  std::vector<std::string> created_;  // dirs this instance made
  bool v2_made_ = false;              // by CreateCloneIntoDir
  std::vector<std::string> warnings_;
};

// Which half of a hybrid host each resource goes to: a controller no v1
// hierarchy binds but the v2 root offers goes to v2, everything else (also
// what neither has, so it fails naming the field) to v1. Exposed for tests.
struct SplitResources {
  config::Resources v1;
  config::Resources v2;
};
SplitResources SplitForHybrid(const config::Resources& r, const V1Cgroup& v1,
                              const std::vector<std::string>& v2_controllers);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_MANAGER_H_

// Cgroups of one container: create, limit, join, list, freeze, destroy.
//
// The host decides the flavour: a pure cgroup v2 host gets one directory in
// the unified hierarchy; a v1 (or hybrid) host gets one directory per v1
// controller, plus one in the v2 mount when a hybrid host has it (for
// membership). Paths are derived from the container's cgroupsPath (default
// /nsinit/<id>), never stored only in memory, so `delete --force` can find
// and remove them from the config and id alone.
#ifndef NSINIT_RUNTIME_CGROUPS_MANAGER_H_
#define NSINIT_RUNTIME_CGROUPS_MANAGER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

struct Hierarchy {
  std::string mount_point;  // /sys/fs/cgroup/memory, /sys/fs/cgroup
  std::vector<std::string> controllers;  // v1: "memory", "cpu", ...; v2: empty
  bool v2 = false;
};

// The hierarchies mounted on this host (from /proc/self/mountinfo).
std::vector<Hierarchy> DetectHierarchies();

class Manager {
 public:
  // `cgroups_path` from linux.cgroupsPath; empty means /nsinit/<id>.
  static Manager For(const std::string& cgroups_path, const std::string& id);

  const std::string& path() const { return path_; }  // relative to each root
  std::vector<std::string> Directories() const;

  // Creates every directory (idempotent) and writes the limits.
  absl::Status Create(const config::Resources* resources);
  absl::Status AddProcess(pid_t pid) const;
  absl::StatusOr<std::vector<pid_t>> Pids() const;
  absl::Status Freeze(bool frozen) const;
  absl::StatusOr<bool> Frozen() const;
  // SIGKILLs everything inside, waits for it to die, removes the dirs.
  absl::Status Destroy() const;

 private:
  Manager(std::string path, std::vector<Hierarchy> hierarchies)
      : path_(std::move(path)), hierarchies_(std::move(hierarchies)) {}

  std::string path_;
  std::vector<Hierarchy> hierarchies_;
};

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_MANAGER_H_

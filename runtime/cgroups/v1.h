// One container's cgroup on the v1 hierarchies: a directory per mounted
// controller hierarchy, all at the same path.
//
// Creating mirrors runc's fs manager: mkdir -p in every hierarchy; a new
// cpuset directory starts with empty cpuset.cpus/mems and refuses tasks, so
// each new level copies its parent's. Resources map to the v1 files of
// Documentation/admin-guide/cgroup-v1/ (memory.limit_in_bytes, cpu.shares,
// blkio.throttle.*, ...), written in the order the kernel's validation needs
// (memory before memory+swap when shrinking, the other way when growing; CFS
// period before quota). A controller the config uses but the host has not
// mounted is an error naming the field, never a silent pass.
#ifndef NSINIT_RUNTIME_CGROUPS_V1_H_
#define NSINIT_RUNTIME_CGROUPS_V1_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/cgroups/hierarchy.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

class V1Cgroup {
 public:
  // `hierarchies` may include the v2 mount (ignored here); `path` is the
  // normalized absolute cgroup path ("/nsinit/abc").
  V1Cgroup(const std::vector<Hierarchy>& hierarchies, std::string path);

  // <mount of the hierarchy holding `controller`><path>; empty if unmounted.
  std::string Dir(absl::string_view controller) const;
  bool Has(absl::string_view controller) const { return !Dir(controller).empty(); }
  // One directory per hierarchy.
  std::vector<std::string> Directories() const;
  const std::vector<Hierarchy>& hierarchies() const { return hierarchies_; }

  // mkdir -p in every hierarchy; appends each directory it made to `created`.
  absl::Status Create(std::vector<std::string>* created) const;

  // Writes the limits. `update` is true for a running container
  // (memory.checkBeforeUpdate applies then). Settings with no effect on this
  // kernel are reported in `warnings`.
  absl::Status Apply(const config::Resources& resources, bool update,
                     std::vector<std::string>* warnings) const;

  // Device rules: "a" denied first, then each rule written in order.
  absl::Status ApplyDevices(const std::vector<config::DeviceRule>& rules) const;

  // Returns once freezer.state reads FROZEN (or THAWED).
  absl::Status Freeze(bool frozen) const;
  absl::StatusOr<bool> Frozen() const;

 private:
  std::vector<Hierarchy> hierarchies_;  // v1 only
  std::string path_;
};

// The devices.allow/devices.deny line for a rule: "c 1:3 rwm", "a *:* rwm".
std::string V1DeviceLine(const config::DeviceRule& rule);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_V1_H_

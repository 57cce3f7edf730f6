// The cgroup hierarchies mounted on the host, and what kind of host it is.
//
// /proc/self/mountinfo lists every cgroup ("cgroup", v1: one hierarchy per
// controller set) and cgroup2 (the unified hierarchy) mount. The host is
// *legacy* (v1 only), *hybrid* (v1 controllers plus a cgroup2 mount, usually
// /sys/fs/cgroup/unified, which carries only membership and the controllers
// no v1 hierarchy binds) or *unified* (cgroup2 only). Detection is a pure
// function of the mountinfo text so it can be tested on fixtures.
// See cgroups(7) and Documentation/admin-guide/cgroup-v2.rst.
#ifndef NSINIT_RUNTIME_CGROUPS_HIERARCHY_H_
#define NSINIT_RUNTIME_CGROUPS_HIERARCHY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::cgroups {

struct Hierarchy {
  std::string mount_point;               // /sys/fs/cgroup/memory, /sys/fs/cgroup
  std::vector<std::string> controllers;  // v1: "memory", "cpu", ...; v2: empty
  bool v2 = false;
  // A v1 hierarchy without controllers, named by its manager: controllers
  // holds its "name=systemd" option. It decides nothing about the host's
  // mode, but a container joins it and sees it like runc's do.
  bool named = false;

  bool Has(absl::string_view controller) const;
};

enum class CgroupMode { kLegacy, kHybrid, kUnified, kNone };

// "legacy", "hybrid", "unified", "none".
absl::string_view CgroupModeName(CgroupMode mode);

// The cgroup hierarchies in a mountinfo text, first mount of each
// hierarchy only. Named v1 hierarchies without controllers (name=systemd)
// are kept, marked `named`: systemd inside a container needs its own
// directory there, bound at /sys/fs/cgroup/systemd, as runc gives it.
std::vector<Hierarchy> ParseMountinfo(absl::string_view mountinfo);

// ParseMountinfo of a file (default /proc/self/mountinfo).
absl::StatusOr<std::vector<Hierarchy>> ReadHierarchies(
    const std::string& mountinfo_path = "/proc/self/mountinfo");

// The hierarchies mounted on this host; empty when mountinfo is unreadable.
std::vector<Hierarchy> DetectHierarchies();

CgroupMode ModeOf(const std::vector<Hierarchy>& hierarchies);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_HIERARCHY_H_

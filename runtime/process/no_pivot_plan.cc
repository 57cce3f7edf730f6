#include "runtime/process/no_pivot_plan.h"

#include <limits.h>
#include <stdlib.h>

#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"

namespace nsinit::process {

std::vector<std::string> HostProcfsToHide(const std::vector<sys::MountInfo>& mounts,
                                          absl::string_view rootfs) {
  std::string root(absl::StripSuffix(rootfs, "/"));
  std::vector<std::string> out;
  for (const sys::MountInfo& m : mounts) {
    if (m.fs_type != "proc" && m.fs_type != "sysfs") continue;
    // A bind of part of one (root other than "/") is not fully visible.
    if (m.root != "/") continue;
    if (m.mount_point == root || absl::StartsWith(m.mount_point, root + "/")) continue;
    out.push_back(m.mount_point);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> HostProcfsToHide(absl::string_view rootfs) {
  // mountinfo shows resolved paths.
  std::string path(rootfs);
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) != nullptr) path = resolved;
  ASSIGN_OR_RETURN(std::string text, ReadFile("/proc/self/mountinfo", sys::kMaxMountInfoBytes));
  return HostProcfsToHide(sys::ParseMountInfo(text), path);
}

}  // namespace nsinit::process

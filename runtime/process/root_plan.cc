#include "runtime/process/root_plan.h"

#include <limits.h>
#include <stdlib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/linux/mountinfo.h"

namespace nsinit::process {

absl::StatusOr<std::string> MountPointHolding(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) {
    return LastErrnoStatus(absl::StrCat("root.path: realpath ", path));
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile("/proc/self/mountinfo", sys::kMaxMountInfoBytes));
  std::string dir = resolved;
  std::string best;
  for (const sys::MountInfo& m : sys::ParseMountInfo(text)) {
    bool holds = m.mount_point == "/" || dir == m.mount_point ||
                 absl::StartsWith(dir, absl::StrCat(m.mount_point, "/"));
    if (holds && m.mount_point.size() >= best.size()) best = m.mount_point;
  }
  if (best.empty()) return absl::NotFoundError(absl::StrCat("no mount holds ", dir));
  return best;
}

}  // namespace nsinit::process

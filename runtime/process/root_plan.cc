#include "runtime/process/root_plan.h"

#include <limits.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/linux/mountinfo.h"

namespace nsinit::process {

absl::StatusOr<std::string> MountPointHolding(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) {
    return LastErrnoStatus(absl::StrCat("root.path: realpath ", path));
  }
  std::ifstream in("/proc/self/mountinfo");
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return absl::InternalError("reading /proc/self/mountinfo");
  std::string dir = resolved;
  std::string best;
  for (const sys::MountInfo& m : sys::ParseMountInfo(text.str())) {
    bool holds = m.mount_point == "/" || dir == m.mount_point ||
                 absl::StartsWith(dir, absl::StrCat(m.mount_point, "/"));
    if (holds && m.mount_point.size() >= best.size()) best = m.mount_point;
  }
  if (best.empty()) return absl::NotFoundError(absl::StrCat("no mount holds ", dir));
  return best;
}

}  // namespace nsinit::process

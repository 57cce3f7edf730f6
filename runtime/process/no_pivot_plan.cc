#include "runtime/process/no_pivot_plan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/base/unique_fd.h"

namespace nsinit::process {

std::vector<std::string> HostProcfsToHide(const std::vector<sys::MountInfo>& mounts,
                                          std::string_view rootfs) {
  std::string root(rootfs);
  if (!root.empty() && root.back() == '/') root.pop_back();
  std::vector<std::string> out;
  for (const sys::MountInfo& m : mounts) {
    if (m.fs_type != "proc" && m.fs_type != "sysfs") continue;
    // A bind of part of one (root other than "/") is not fully visible.
    if (m.root != "/") continue;
    if (m.mount_point == root || m.mount_point.starts_with(root + "/")) continue;
    out.push_back(m.mount_point);
  }
  return out;
}

bool HostProcfsToHide(std::string_view rootfs, std::vector<std::string>* out) {
  // mountinfo shows resolved paths.
  std::string path(rootfs);
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) != nullptr) path = resolved;
  UniqueFd fd(open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
  if (!fd) return false;
  std::string text;
  char buf[16384];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > sys::kMaxMountInfoBytes) {
      errno = EFBIG;
      return false;
    }
    text.append(buf, static_cast<size_t>(n));
  }
  *out = HostProcfsToHide(sys::ParseMountInfo(text), path);
  return true;
}

}  // namespace nsinit::process

#include "tools/testing/mount_table.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/mountinfo.h"

namespace nsinit::testing {

std::vector<std::string> ParseMountPoints(absl::string_view mountinfo) {
  std::vector<std::string> points;
  for (const sys::MountInfo& m : sys::ParseMountInfo(mountinfo)) points.push_back(m.mount_point);
  return points;
}

absl::StatusOr<std::vector<std::string>> ReadMountPoints() {
  constexpr char kPath[] = "/proc/self/mountinfo";
  UniqueFd fd(open(kPath, O_RDONLY | O_CLOEXEC));
  if (!fd) return ErrnoStatus(errno, "open /proc/self/mountinfo");
  std::string text;
  char buf[16384];
  while (true) {
    ssize_t n = read(fd.get(), buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, "read /proc/self/mountinfo");
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return ParseMountPoints(text);
}

}  // namespace nsinit::testing

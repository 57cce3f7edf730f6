#include "tools/testing/mount_table.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "conformance/probe/mountinfo.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"

namespace nsinit::testing {

using ::nsinit::conformance::ErrnoStatus;
using ::nsinit::conformance::UniqueFd;

std::vector<std::string> ParseMountPoints(absl::string_view mountinfo) {
  std::vector<std::string> points;
  for (const probe::MountInfo& m :
       probe::ParseMountInfo(std::string_view(mountinfo.data(), mountinfo.size()))) {
    points.push_back(m.mount_point);
  }
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

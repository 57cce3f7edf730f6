#include "tools/testing/mount_table.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::testing {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

std::string Unescape(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && IsOctal(s[i + 1]) &&
        IsOctal(s[i + 2]) && IsOctal(s[i + 3])) {
      out.push_back(static_cast<char>((s[i + 1] - '0') * 64 +
                                      (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> ParseMountPoints(absl::string_view mountinfo) {
  std::vector<std::string> points;
  for (absl::string_view line :
       absl::StrSplit(mountinfo, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ');
    if (fields.size() >= 5) points.push_back(Unescape(fields[4]));
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

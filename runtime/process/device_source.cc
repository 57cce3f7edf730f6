#include "runtime/process/device_source.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/file_io.h"

namespace nsinit::process {
namespace {

bool IsNode(const std::string& host_path, char type, unsigned major, unsigned minor) {
  struct stat st;
  if (stat(host_path.c_str(), &st) != 0) return false;
  bool type_ok = type == 'b' ? S_ISBLK(st.st_mode) : S_ISCHR(st.st_mode);
  return type_ok && st.st_rdev == makedev(major, minor);
}

}  // namespace

std::string CleanDevicePath(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

absl::StatusOr<std::string> HostDeviceSource(const std::string& path, char type, unsigned major,
                                             unsigned minor) {
  std::string clean = CleanDevicePath(path);
  if (IsNode(clean, type, major, minor)) return clean;
  std::string uevent =
      absl::StrCat("/sys/dev/", type == 'b' ? "block" : "char", "/", major, ":", minor, "/uevent");
  // A device without a uevent file has no name to look for.
  absl::StatusOr<std::string> text = ReadFile(uevent, 64 << 10);
  for (absl::string_view line : absl::StrSplit(text.ok() ? *text : "", '\n')) {
    if (!absl::StartsWith(line, "DEVNAME=")) continue;
    std::string node = absl::StrCat("/dev/", line.substr(8));
    if (IsNode(node, type, major, minor)) return node;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "in a user namespace a device can only be bind-mounted from the host, and no host node is ",
      std::string(1, type), " ", major, ":", minor, " (neither ", clean, " nor a node named by ",
      uevent, ")"));
}

}  // namespace nsinit::process

// Parsing /proc/PID/mountinfo (proc(5)): one place for the runtime (cgroup
// hierarchies, where the root sits, the host procfs mounts --no-pivot
// hides, in the init image too: no abseil here, see init_image.h). The
// conformance probe has its own parser: the judge shares no code with the
// judged.
#ifndef NSINIT_RUNTIME_LINUX_MOUNTINFO_H_
#define NSINIT_RUNTIME_LINUX_MOUNTINFO_H_

#include <stddef.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace nsinit::sys {

// One line: "id parent maj:min root mount_point options [optional...] -
// fstype source super_options".
struct MountInfo {
  int mount_id = 0;
  int parent_id = 0;
  std::string major_minor;
  std::string root;
  std::string mount_point;
  std::vector<std::string> options;      // per-mount, e.g. "ro", "nosuid"
  std::vector<std::string> propagation;  // "shared:N", "master:N", ...
  std::string fs_type;
  std::string source;
  std::vector<std::string> super_options;  // per-superblock
};

// Parses mountinfo text; malformed lines are skipped. Octal escapes (\040)
// in paths are decoded. A mount with no optional fields has propagation
// {"private"}. Given `fs_types`, only mounts of those types are returned,
// and the other lines are skipped before their fields are split and
// unescaped: that full parse costs thousands of instructions a line, and
// the cgroup mounts are a few lines of a host's table.
std::vector<MountInfo> ParseMountInfo(std::string_view text,
                                      std::initializer_list<std::string_view> fs_types = {});

// The most of a mountinfo file read: far above any host's table (10 000
// mounts take about 1.5 MB).
inline constexpr size_t kMaxMountInfoBytes = 64 << 20;

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_MOUNTINFO_H_

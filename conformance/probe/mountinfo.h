// The suite's own reading of /proc/PID/mountinfo (proc(5)).
//
// Deliberately not the runtime's parser: a bug shared by the judge and the
// judged hides itself (issue 18). Used by the probe (inside containers)
// and by the engine's host facts (mounts left on the host).
#ifndef NSINIT_CONFORMANCE_PROBE_MOUNTINFO_H_
#define NSINIT_CONFORMANCE_PROBE_MOUNTINFO_H_

#include <string>
#include <string_view>
#include <vector>

namespace nsinit::probe {

struct MountInfo {
  int mount_id = 0;
  int parent_id = 0;
  std::string major_minor;
  std::string root;
  std::string mount_point;
  std::vector<std::string> options;  // per mount: "ro", "nosuid", ...
  // The optional fields ("shared:N", "master:N", "propagate_from:N",
  // "unbindable"), or {"private"} when there are none, which proc(5) says
  // means a private mount.
  std::vector<std::string> propagation;
  std::string fs_type;
  std::string source;
  std::vector<std::string> super_options;  // per superblock
};

// One entry per well-formed line; a malformed line is skipped. The kernel's
// octal escapes (\040 for a space, \011, \012, \134) are decoded.
std::vector<MountInfo> ParseMountInfo(std::string_view text);

// Decodes the kernel's \ooo escapes of a mountinfo field.
std::string UnescapeMountField(std::string_view field);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_MOUNTINFO_H_

// The OCI mount options table: option strings -> mount(2) flags.
//
// A config mount's "options" mix three kinds of things: flags for mount(2)
// (nosuid, ro, ...), propagation changes applied with a second mount(2)
// call (rprivate, shared, ...), and filesystem data passed through as the
// data string (mode=755, size=65536k). Recursive attributes (rro, rnosuid,
// ...) go to mount_setattr(2) with AT_RECURSIVE. Unknown options are data,
// as runc and crun treat them. One extension of runc and crun is no option
// of mount(2) at all: "tmpcopyup" (a tmpfs gets a copy of what the image
// had at its destination) is taken out of the data and set as a flag.
#ifndef NSINIT_RUNTIME_LINUX_MOUNT_OPTIONS_H_
#define NSINIT_RUNTIME_LINUX_MOUNT_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nsinit::sys {

struct MountOptions {
  unsigned long flags = 0;        // MS_* for the mount itself
  unsigned long propagation = 0;  // MS_SHARED|MS_REC, ... applied after
  uint64_t rec_attr_set = 0;      // MOUNT_ATTR_* applied recursively
  uint64_t rec_attr_clr = 0;
  bool idmap = false;      // "idmap"/"ridmap"
  bool tmpcopyup = false;  // runc/crun extension, never passed to mount(2)
  std::string data;        // comma-joined filesystem options
};

MountOptions ParseMountOptions(const std::vector<std::string>& options);

// True when `option` is one the table knows (for the features document).
bool IsKnownMountOption(absl::string_view option);
std::vector<std::string> KnownMountOptions();

// "MS_NOSUID|MS_NODEV|MS_NOEXEC"; "0" when empty. Used in error messages,
// which must never show flags as hex.
std::string MountFlagNames(unsigned long flags);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_MOUNT_OPTIONS_H_

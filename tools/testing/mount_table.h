// The mount points of the calling process's mount namespace.
//
// TempDir uses this to find what a failed test left mounted beneath its
// directory. Read from /proc/self/mountinfo (proc(5)), whose paths are
// octal-escaped ("\040" for a space) and canonical.
#ifndef NSINIT_TOOLS_TESTING_MOUNT_TABLE_H_
#define NSINIT_TOOLS_TESTING_MOUNT_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::testing {

// Mount points (field 5) of mountinfo text, unescaped, in file order.
std::vector<std::string> ParseMountPoints(absl::string_view mountinfo);

// ParseMountPoints of /proc/self/mountinfo.
absl::StatusOr<std::vector<std::string>> ReadMountPoints();

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_MOUNT_TABLE_H_

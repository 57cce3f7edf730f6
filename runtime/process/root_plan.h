// Where the container's root sits on the host's mount tree, for the steps
// pivot_root needs prepared: with a shared rootfsPropagation the mount
// holding root.path must be made private in the container's mount
// namespace first (pivot_root(2): EINVAL when the new root's parent mount
// is shared), as runc does.
#ifndef NSINIT_RUNTIME_PROCESS_ROOT_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_ROOT_PLAN_H_

#include <string>

#include "absl/status/statusor.h"

namespace nsinit::process {

// The mount point of the mount that holds `path` (symlinks resolved): the
// longest mount point of /proc/self/mountinfo that is `path` or one of its
// ancestors.
absl::StatusOr<std::string> MountPointHolding(const std::string& path);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_ROOT_PLAN_H_

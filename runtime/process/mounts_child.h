// The child's mount steps: one MountStep of the plan (a mount, bind,
// device node, symlink, masked or read-only path, cgroup mount) applied
// under the new root, every target resolved inside it (resolve_in_root.h)
// and mounted through the fd it resolved to, never by a path string the
// image could redirect.
#ifndef NSINIT_RUNTIME_PROCESS_MOUNTS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_MOUNTS_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Applies `m` under the root open (O_PATH) at `root_fd`; fails the child
// with the step that failed.
void ApplyMountInChild(int root_fd, const MountStep& m);

// maskedPaths and readonlyPaths (plan.late_mounts), from "/" after
// pivot_root and the sysctls (a read-only /proc/sys would refuse them).
void ApplyLateMountsInChild(const InitPlan& plan);

// Flags of an existing mount that a bind remount must keep: in a user
// namespace the kernel refuses to clear "locked" flags (mount_namespaces(7)).
unsigned long LockedMountFlags(const char* path);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_MOUNTS_CHILD_H_

// The container's filesystem, set up by the init: the rootfs bound on
// itself, the plan's mounts applied under it (mounts_child.h), the console
// bound on /dev/console, the createContainer hooks run, then pivot_root
// into it (or MS_MOVE and chroot where pivot_root cannot be used). Without
// a rootfs of its own (no mount namespace) the container's root is entered
// with chroot.
#ifndef NSINIT_RUNTIME_PROCESS_ROOTFS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_ROOTFS_CHILD_H_

#include "runtime/base/unique_fd.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Leaves the init in the container's root. Returns the console's pty slave
// (process.terminal), or an invalid fd.
UniqueFd SetUpFilesystemInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_ROOTFS_CHILD_H_

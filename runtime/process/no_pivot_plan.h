// --no-pivot: which host mounts the init detaches before its MS_MOVE +
// chroot. Without pivot_root the old root stays in the container's mount
// namespace; a fully visible procfs or sysfs in it lets a user namespace
// inside the container mount a new, unmasked one (the kernel checks every
// mount of the namespace). runc detaches them too (msMoveRoot).
#ifndef NSINIT_RUNTIME_PROCESS_NO_PIVOT_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_NO_PIVOT_PLAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "runtime/linux/mountinfo.h"

namespace nsinit::process {

// The mount points of whole (root "/") procfs and sysfs mounts outside
// `rootfs`, in mountinfo order (parents before their submounts).
std::vector<std::string> HostProcfsToHide(const std::vector<sys::MountInfo>& mounts,
                                          std::string_view rootfs);

// The same for the calling process's mount namespace (which the container's
// is copied from), into `out`; false with errno when its mountinfo cannot
// be read. Raw syscalls and the standard library only: the init calls it.
bool HostProcfsToHide(std::string_view rootfs, std::vector<std::string>* out);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_NO_PIVOT_PLAN_H_

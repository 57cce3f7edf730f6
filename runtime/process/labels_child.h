// The LSM labels of the container's process: AppArmor's profile and
// SELinux's label are written to /proc/self/attr/.../exec, so they take
// effect at exec and confine the container's program, not the rest of the
// runtime's setup. The parent checked that each LSM is enabled.
#ifndef NSINIT_RUNTIME_PROCESS_LABELS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_LABELS_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// plan.apparmor_profile, then plan.selinux_label, each when set.
void SetExecLabelsInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_LABELS_CHILD_H_

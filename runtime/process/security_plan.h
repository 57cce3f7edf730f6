// The security part of the plan that depends on the host: capability names
// the running kernel does not know, and SELinux labels on a host that may
// not enforce SELinux.
//
// - A capability name of the table (config/capability_names.h) that the
//   kernel lacks (its number is above /proc/sys/kernel/cap_last_cap) is
//   left out of the masks with a warning naming it (OCI config.md: "Any
//   value which cannot be mapped to a relevant kernel interface ... MUST be
//   logged as a warning"), instead of making capset fail. A name that is
//   no capability at all is an error.
// - process.selinuxLabel and linux.mountLabel apply only where SELinux is
//   enabled; elsewhere they are ignored with a warning (SPEC LNX-016; runc
//   instead refuses a process label there, see runtime/README.md).
//   The mount label is added as context="LABEL" to the data of the
//   filesystems the runtime mounts for the container, except proc, sysfs,
//   mqueue and cgroup, which take no context= option (as runc does), and
//   binds, which keep the source's labels.
#ifndef NSINIT_RUNTIME_PROCESS_SECURITY_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_SECURITY_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// /proc/sys/kernel/cap_last_cap, or libcap's CAP_LAST_CAP if unreadable.
int KernelLastCap();

// Names at `path` ("process.capabilities.bounding") -> a mask of the
// capabilities up to `last_cap`; names above it are warned about.
absl::StatusOr<uint64_t> CapabilityMask(absl::string_view path,
                                        const std::vector<std::string>& names, int last_cap,
                                        std::vector<std::string>* warnings);

// Appends context="label" to the data of every mount step that takes one.
void LabelMounts(const std::string& mount_label, std::vector<MountStep>* mounts);

// Fills plan->selinux_label and labels plan->mounts when `selinux_enabled`;
// otherwise warns about each label given.
void PlanSelinux(const std::string& process_label, const std::string& mount_label,
                 bool selinux_enabled, InitPlan* plan, std::vector<std::string>* warnings);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SECURITY_PLAN_H_

#include "runtime/process/labels_child.h"

#include <string>

#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void SetExecLabelsInChild(const InitPlan& plan) {
  // The AppArmor profile takes effect at exec (attr/exec), so it confines
  // the container's process, not the rest of our setup. The parent checked
  // that AppArmor is enabled.
  if (!plan.apparmor_profile.empty()) {
    RequireRealProcInChild(ChildStep::kApparmor);
    std::string value = "exec " + plan.apparmor_profile;
    if (!WriteProcFileInChild("/proc/self/attr/apparmor/exec", value.c_str()) &&
        !WriteProcFileInChild("/proc/self/attr/exec", value.c_str())) {
      FailInChild(ChildStep::kApparmor, plan.apparmor_profile.c_str());
    }
  }
  // Likewise the SELinux label (the parent checked that SELinux is enabled).
  if (!plan.selinux_label.empty()) {
    RequireRealProcInChild(ChildStep::kSelinux);
    if (!WriteProcFileInChild("/proc/thread-self/attr/exec", plan.selinux_label.c_str())) {
      FailInChild(ChildStep::kSelinux, plan.selinux_label.c_str());
    }
  }
}

}  // namespace nsinit::process

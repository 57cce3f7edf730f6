#include "runtime/process/security_plan.h"

#include <sys/capability.h>

#include "absl/strings/str_cat.h"
#include "runtime/config/capability_names.h"

namespace nsinit::process {

int KernelLastCap() {
  absl::StatusOr<int> last = config::KernelLastCapability();
  return last.ok() && *last >= 0 && *last < 64 ? *last : CAP_LAST_CAP;
}

absl::StatusOr<uint64_t> CapabilityMask(absl::string_view path,
                                        const std::vector<std::string>& names, int last_cap,
                                        std::vector<std::string>* warnings) {
  uint64_t mask = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    std::optional<int> cap = config::CapabilityFromName(names[i]);
    if (!cap.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, "[", i, "]: unknown capability \"", names[i], "\""));
    }
    if (*cap > last_cap) {
      warnings->push_back(absl::StrCat(path, "[", i, "]: ", names[i],
                                       " is not known to the running kernel (its last "
                                       "capability is number ",
                                       last_cap, "): left out"));
      continue;
    }
    mask |= 1ULL << *cap;
  }
  return mask;
}

void LabelMounts(const std::string& mount_label, std::vector<MountStep>* mounts) {
  if (mount_label.empty()) return;
  for (MountStep& m : *mounts) {
    if (m.kind != MountStep::kMount) continue;
    if (m.fstype == "proc" || m.fstype == "sysfs" || m.fstype == "mqueue" || m.fstype == "cgroup" ||
        m.fstype == "cgroup2") {
      continue;
    }
    if (!m.data.empty()) m.data += ",";
    absl::StrAppend(&m.data, "context=\"", mount_label, "\"");
  }
}

void PlanSelinux(const std::string& process_label, const std::string& mount_label,
                 bool selinux_enabled, InitPlan* plan, std::vector<std::string>* warnings) {
  if (selinux_enabled) {
    plan->selinux_label = process_label;
    LabelMounts(mount_label, &plan->mounts);
    return;
  }
  if (!process_label.empty()) {
    warnings->push_back(absl::StrCat("process.selinuxLabel: \"", process_label,
                                     "\" ignored: SELinux is not enabled on this host"));
  }
  if (!mount_label.empty()) {
    warnings->push_back(absl::StrCat("linux.mountLabel: \"", mount_label,
                                     "\" ignored: SELinux is not enabled on this host"));
  }
}

}  // namespace nsinit::process

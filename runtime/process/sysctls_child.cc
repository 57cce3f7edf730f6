#include "runtime/process/sysctls_child.h"

#include <unistd.h>

#include <string>

#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void ApplySysctlsInChild(const InitPlan& plan) {
  if (plan.set_hostname && sethostname(plan.hostname.data(), plan.hostname.size()) != 0) {
    FailInChild(ChildStep::kHostname, plan.hostname.c_str());
  }
  if (plan.set_domainname && setdomainname(plan.domainname.data(), plan.domainname.size()) != 0) {
    FailInChild(ChildStep::kDomainname, plan.domainname.c_str());
  }
  if (!plan.sysctls.empty()) RequireRealProcInChild(ChildStep::kSysctl);
  for (const KeyValue& kv : plan.sysctls) {
    std::string path = "/proc/sys/" + kv.key;
    if (!WriteProcFileInChild(path, kv.value.c_str())) {
      FailInChild(ChildStep::kSysctl, path.c_str());
    }
  }
}

}  // namespace nsinit::process

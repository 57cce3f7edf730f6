#include "runtime/process/limits_child.h"

#include <sched.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

// ioPriority and scheduler, while the capabilities they may need are held.
void SetIoPriorityAndScheduler(const InitPlan& plan) {
  constexpr int kIoprioWhoProcess = 1;
  if (plan.ioprio >= 0 && syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, plan.ioprio) != 0) {
    FailInChild(ChildStep::kIoPriority, nullptr);
  }
  if (!plan.set_scheduler) return;
  struct {  // struct sched_attr, SCHED_ATTR_SIZE_VER0
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
  } attr = {48,
            plan.sched_policy,
            plan.sched_flags,
            plan.sched_nice,
            plan.sched_priority,
            plan.sched_runtime,
            plan.sched_deadline,
            plan.sched_period};
  static_assert(sizeof(attr) == 48);
  if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) FailInChild(ChildStep::kScheduler, nullptr);
}

}  // namespace

void ApplyLimitsInChild(const InitPlan& plan) {
  for (const RlimitStep& r : plan.rlimits) {
    struct rlimit limit = {r.soft, r.hard};
    if (setrlimit(static_cast<__rlimit_resource>(r.resource), &limit) != 0) {
      FailInChild(ChildStep::kRlimit, nullptr);
    }
  }
  if (plan.set_oom_score_adj) {
    RequireRealProcInChild(ChildStep::kOomScoreAdj);
    std::string value = std::to_string(plan.oom_score_adj);
    if (!WriteProcFileInChild("/proc/self/oom_score_adj", value.c_str())) {
      FailInChild(ChildStep::kOomScoreAdj, value.c_str());
    }
  }
  SetIoPriorityAndScheduler(plan);
  // Before seccomp, which may deny personality(2); it survives exec.
  if (plan.set_personality && personality(plan.personality) == -1) {
    FailInChild(ChildStep::kPersonality, nullptr);
  }
}

void SetAffinityInChild(const std::vector<uint64_t>& words) {
  if (words.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  size_t n =
      words.size() * sizeof(uint64_t) < sizeof(set) ? words.size() * sizeof(uint64_t) : sizeof(set);
  memcpy(&set, words.data(), n);
  if (sched_setaffinity(0, sizeof(set), &set) != 0) FailInChild(ChildStep::kCpuAffinity, nullptr);
}

void SetMemoryPolicyInChild(const InitPlan& plan) {
  if (!plan.set_mempolicy) return;
  const std::vector<uint64_t>& mask = plan.mempolicy_nodes;
  // maxnode counts bits; the kernel reads maxnode-1 of them, hence the +1.
  unsigned long maxnode = mask.empty() ? 0 : mask.size() * 64 + 1;
  if (syscall(SYS_set_mempolicy, plan.mempolicy_mode, mask.empty() ? nullptr : mask.data(),
              maxnode) != 0) {
    FailInChild(ChildStep::kMemoryPolicy, nullptr);
  }
}

}  // namespace nsinit::process

// What the kernel keeps for the container's process across exec, set by
// the child while the capabilities they may need are held: resource
// limits, the OOM score, I/O priority and scheduler, the personality, CPU
// affinity and the NUMA memory policy.
#ifndef NSINIT_RUNTIME_PROCESS_LIMITS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_LIMITS_CHILD_H_

#include <stdint.h>

#include <vector>

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// rlimits, oom_score_adj, ioPriority, scheduler, then the personality.
void ApplyLimitsInChild(const InitPlan& plan);

// execCPUAffinity: `words` as a cpu_set_t (bits past the vector are 0);
// nothing for an empty vector.
void SetAffinityInChild(const std::vector<uint64_t>& words);

// linux.memoryPolicy: set_mempolicy(2) with the plan's mode (MPOL_* |
// flags) and node mask words.
void SetMemoryPolicyInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_LIMITS_CHILD_H_

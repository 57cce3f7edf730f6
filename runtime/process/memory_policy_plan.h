// linux.memoryPolicy (runtime-spec 1.3, config-linux#memory-policy): the
// NUMA policy of the container's process, set with set_mempolicy(2) by the
// child just before the identity change. Everything is checked here, in
// the parent, so a wrong mode, flag or node list fails `create` naming the
// field instead of an EINVAL from the child.
#ifndef NSINIT_RUNTIME_PROCESS_MEMORY_POLICY_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_MEMORY_POLICY_PLAN_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime/config/spec.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// The modes and flags nsinit knows (the `features` document lists them).
const std::vector<std::string>& MemoryPolicyModes();
const std::vector<std::string>& MemoryPolicyFlags();

// Fills plan->set_mempolicy, mempolicy_mode and mempolicy_nodes from
// linux.memoryPolicy; errors start with the JSON path of the field.
absl::Status PlanMemoryPolicy(const config::Linux& linux, InitPlan* plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_MEMORY_POLICY_PLAN_H_

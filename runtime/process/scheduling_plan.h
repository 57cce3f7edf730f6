// process.ioPriority, process.scheduler and process.execCPUAffinity turned
// into the plan's raw values (ioprio_set's value, struct sched_attr's
// fields, cpu_set_t words), with config errors naming the field. The child
// applies them with raw syscalls (limits_child.h).
#ifndef NSINIT_RUNTIME_PROCESS_SCHEDULING_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_SCHEDULING_PLAN_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// `path` is the JSON path of the process object ("process").
absl::Status AddScheduling(const config::Process& p, InitPlan* plan, absl::string_view path);

// "0-3,7" → cpu_set_t words (bit N of word N/64 is CPU N).
absl::StatusOr<std::vector<uint64_t>> ParseCpuList(absl::string_view field, absl::string_view list);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SCHEDULING_PLAN_H_

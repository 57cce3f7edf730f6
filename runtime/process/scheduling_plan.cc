#include "runtime/process/scheduling_plan.h"

#include <sched.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/status_macros.h"

namespace nsinit::process {
namespace {

// The kernel's ABI values (linux/ioprio.h, linux/sched.h, uapi sched/types).
constexpr int kIoprioClassShift = 13;
constexpr uint32_t kMaxCpus = 8192;

struct Named {
  const char* name;
  uint64_t value;
};

constexpr Named kIoClasses[] = {
    {"IOPRIO_CLASS_RT", 1}, {"IOPRIO_CLASS_BE", 2}, {"IOPRIO_CLASS_IDLE", 3}};
constexpr Named kPolicies[] = {{"SCHED_OTHER", 0},   {"SCHED_FIFO", 1}, {"SCHED_RR", 2},
                               {"SCHED_BATCH", 3},   {"SCHED_ISO", 4},  {"SCHED_IDLE", 5},
                               {"SCHED_DEADLINE", 6}};
constexpr Named kSchedFlags[] = {
    {"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02},
    {"SCHED_FLAG_DL_OVERRUN", 0x04},    {"SCHED_FLAG_KEEP_POLICY", 0x08},
    {"SCHED_FLAG_KEEP_PARAMS", 0x10},   {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
    {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40}};

template <size_t N>
absl::StatusOr<uint64_t> Lookup(const Named (&table)[N], const std::string& field,
                                const std::string& name) {
  for (const Named& n : table) {
    if (name == n.name) return n.value;
  }
  return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value \"", name, "\""));
}

}  // namespace

absl::StatusOr<std::vector<uint64_t>> ParseCpuList(absl::string_view field,
                                                   absl::string_view list) {
  std::vector<uint64_t> words;
  for (absl::string_view item : absl::StrSplit(list, ',')) {
    std::vector<absl::string_view> range = absl::StrSplit(item, absl::MaxSplits('-', 1));
    uint32_t first = 0, last = 0;
    if (!absl::SimpleAtoi(range[0], &first) ||
        !absl::SimpleAtoi(range.size() == 2 ? range[1] : range[0], &last) || last < first ||
        last >= kMaxCpus) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": expected a cpu list like \"0-3,7\", got \"", list, "\""));
    }
    if (words.size() <= last / 64) words.resize(last / 64 + 1);
    for (uint32_t cpu = first; cpu <= last; ++cpu) words[cpu / 64] |= uint64_t{1} << (cpu % 64);
  }
  return words;
}

absl::Status AddScheduling(const config::Process& p, InitPlan* plan, absl::string_view path) {
  if (p.io_priority) {
    std::string field = absl::StrCat(path, ".ioPriority");
    ASSIGN_OR_RETURN(uint64_t io_class,
                     Lookup(kIoClasses, field + ".class", p.io_priority->io_class));
    if (p.io_priority->priority < 0 || p.io_priority->priority > 7) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".priority: must be in 0..7, got ", p.io_priority->priority));
    }
    plan->ioprio = static_cast<int32_t>(io_class << kIoprioClassShift) | p.io_priority->priority;
  }
  if (p.scheduler) {
    std::string field = absl::StrCat(path, ".scheduler");
    const config::Scheduler& s = *p.scheduler;
    ASSIGN_OR_RETURN(uint64_t policy, Lookup(kPolicies, field + ".policy", s.policy));
    if (s.nice < -20 || s.nice > 19) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".nice: must be in -20..19, got ", s.nice));
    }
    if (s.priority < 0 || s.priority > 99) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".priority: must be in 0..99, got ", s.priority));
    }
    plan->set_scheduler = true;
    plan->sched_policy = static_cast<uint32_t>(policy);
    plan->sched_nice = s.nice;
    plan->sched_priority = static_cast<uint32_t>(s.priority);
    for (const std::string& flag : s.flags) {
      ASSIGN_OR_RETURN(uint64_t bit, Lookup(kSchedFlags, field + ".flags", flag));
      plan->sched_flags |= bit;
    }
    plan->sched_runtime = s.runtime;
    plan->sched_deadline = s.deadline;
    plan->sched_period = s.period;
  }
  if (p.exec_cpu_affinity) {
    std::string field = absl::StrCat(path, ".execCPUAffinity");
    if (!p.exec_cpu_affinity->initial.empty()) {
      ASSIGN_OR_RETURN(plan->cpu_affinity_initial,
                       ParseCpuList(field + ".initial", p.exec_cpu_affinity->initial));
    }
    if (!p.exec_cpu_affinity->final.empty()) {
      ASSIGN_OR_RETURN(plan->cpu_affinity_final,
                       ParseCpuList(field + ".final", p.exec_cpu_affinity->final));
    }
  }
  return absl::OkStatus();
}

}  // namespace nsinit::process

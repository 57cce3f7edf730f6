// Real-time bandwidth along a v1 cpu path. The kernel lets a cgroup have
// cpu.rt_runtime_us only out of its parent's budget (sched-rt-group.rst:
// the children's runtime/period ratios must fit in the parent's), and a
// new cgroup starts with none. So a container below nsinit's shared parent
// `/nsinit` (or any intermediate directory) could never get the realtime
// budget its config asks for: EINVAL. The ancestors are given what the
// container needs, top-down, out of what the host's root allows; nothing
// above the hierarchy's root is touched.
#ifndef NSINIT_RUNTIME_CGROUPS_RT_BUDGET_H_
#define NSINIT_RUNTIME_CGROUPS_RT_BUDGET_H_

#include <stdint.h>

#include <string>

#include "absl/status/status.h"

namespace nsinit::cgroups {

// Raises cpu.rt_runtime_us of every directory strictly between `mount`
// (the cpu hierarchy's root) and `dir` so that `dir` can then be given
// `runtime` µs per its cpu.rt_period_us, besides what their other children
// already hold. A budget already large enough is left as it is.
absl::Status GrantRtBudgetToAncestors(const std::string& mount, const std::string& dir,
                                      uint64_t runtime);

// Gives back what `dir` (nsinit's own shared parent) holds beyond what its
// remaining children need, once a container is gone; errors are ignored
// (a budget left reserved limits nobody's non-realtime work).
void ReleaseUnusedRtBudget(const std::string& dir);

// Whether `dir` holds any realtime budget (cpu.rt_runtime_us > 0). When its
// parent holds none, a child holds none either: nothing to give back.
bool HoldsRtBudget(const std::string& dir);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_RT_BUDGET_H_

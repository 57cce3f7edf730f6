// The smallest memory limit under which a runtime still starts a container:
// a bisection on linux.resources.memory.limit.
//
// What is charged to the container's memory cgroup depends on the runtime:
// whatever the runtime's own init (runc's `runc init`, nsinit's re-executed
// binary) touches after joining the cgroup, plus the container process. A
// lower number means a lighter init. A trial "passes" when `run` of
// /bin/true exits 0 within a deadline; the search assumes that passing is
// monotonic in the limit, and stops at kMemoryLimitStep granularity.
#ifndef NSINIT_BENCH_MEMORY_LIMIT_H_
#define NSINIT_BENCH_MEMORY_LIMIT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "bench/driver.h"
#include "tools/testing/bundle.h"

namespace nsinit::bench {

inline constexpr int64_t kMemoryLimitStep = 64 * 1024;
inline constexpr int64_t kMemoryLimitCeiling = 256 * 1024 * 1024;

// Bisects on `bundle` (its config.json is rewritten per trial) between 0
// and kMemoryLimitCeiling, taking container ids from `new_id`. Fails if the
// container does not even start at the ceiling. `trials` (optional) counts
// the runs made.
absl::StatusOr<int64_t> SmallestMemoryLimit(Driver& driver, testing::Bundle& bundle,
                                            const std::function<std::string()>& new_id,
                                            int* trials = nullptr);

}  // namespace nsinit::bench

#endif  // NSINIT_BENCH_MEMORY_LIMIT_H_

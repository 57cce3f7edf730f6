// Conversions between cgroup v1 and v2 values.
//
// OCI resources are written in v1 terms (cpu shares, blkio weight, memory+swap
// totals); on a v2 host they are converted exactly as runc and crun do, so a
// config behaves the same under every runtime:
//   cpu.weight    = 1 + ((shares - 2) * 9999) / 262142   (shares 2..262144 -> 1..10000)
//   io.weight     = 1 + ((weight - 10) * 9999) / 990     (blkio 10..1000 -> 1..10000)
//   memory.swap.max = swap - limit                       (v1 swap is memory+swap)
// See runc libcontainer/cgroups/utils.go and the kernel's cgroup-v2.rst.
#ifndef NSINIT_RUNTIME_CGROUPS_CONVERSIONS_H_
#define NSINIT_RUNTIME_CGROUPS_CONVERSIONS_H_

#include <stdint.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace nsinit::cgroups {

// 0 (unset) stays 0; out-of-range shares are clamped to the v1 range first.
inline uint64_t SharesToWeight(uint64_t shares) {
  if (shares == 0) return 0;
  if (shares < 2) shares = 2;
  if (shares > 262144) shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

// 0 (unset) stays 0; clamped to 10..1000 first.
inline uint64_t BlkioWeightToIoWeight(uint64_t weight) {
  if (weight == 0) return 0;
  if (weight < 10) weight = 10;
  if (weight > 1000) weight = 1000;
  return 1 + ((weight - 10) * 9999) / 990;
}

// The v2 memory.swap.max for OCI memory.limit and memory.swap (memory+swap
// in v1 terms): -1 means "max", nullopt "leave unset". Same rules as runc's
// ConvertMemorySwapToCgroupV2Value.
inline absl::StatusOr<std::optional<int64_t>> SwapToV2(std::optional<int64_t> limit,
                                                       std::optional<int64_t> swap) {
  int64_t memory = limit.value_or(0);
  int64_t memsw = swap.value_or(0);
  // Unlimited memory and no swap given: unlimited swap too, as in v1.
  if (memory == -1 && memsw == 0) return std::optional<int64_t>(-1);
  if (memsw == 0) return std::optional<int64_t>();
  if (memsw == -1) return std::optional<int64_t>(-1);
  if (memsw < -1) {
    return absl::InvalidArgumentError(
        absl::StrCat("linux.resources.memory.swap: invalid value ", memsw));
  }
  if (memory == 0 || memory == -1) {
    return absl::InvalidArgumentError(
        "linux.resources.memory.swap: cannot limit swap without a memory limit on cgroup v2");
  }
  if (memory < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("linux.resources.memory.limit: invalid value ", memory));
  }
  if (memsw < memory) {
    return absl::InvalidArgumentError(absl::StrCat("linux.resources.memory.swap: memory+swap (",
                                                   memsw, ") is below the memory limit (", memory,
                                                   ")"));
  }
  return std::optional<int64_t>(memsw - memory);
}

// A v2 limit: negative is "max".
inline std::string V2Limit(int64_t value) {
  return value < 0 ? std::string("max") : absl::StrCat(value);
}

// v2 cpu.max: "<quota|max> <period>"; quota <= 0 means unlimited.
inline std::string V2CpuMax(std::optional<int64_t> quota, std::optional<uint64_t> period) {
  std::string q = quota && *quota > 0 ? absl::StrCat(*quota) : std::string("max");
  return absl::StrCat(q, " ", period && *period > 0 ? *period : 100000);
}

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_CONVERSIONS_H_

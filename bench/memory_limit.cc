#include "bench/memory_limit.h"

#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"

namespace nsinit::bench {
namespace {

absl::StatusOr<bool> StartsUnder(Driver& driver, testing::Bundle& bundle, int64_t limit,
                                 const std::string& id) {
  RETURN_IF_ERROR(bundle.RewriteConfig(absl::StrCat(
      R"({"process": {"args": ["/bin/true"]}, "linux": {"resources": {"memory": {"limit": )", limit,
      "}}}}")));
  absl::StatusOr<CommandResult> r = driver.Run(bundle.path(), id);
  // A failed start can leave state and cgroups behind; clear them so the
  // next trial starts clean. Errors here are expected (nothing to delete).
  if (!r.ok()) (void)driver.Delete(id);
  return r.ok();
}

}  // namespace

absl::StatusOr<int64_t> SmallestMemoryLimit(Driver& driver, testing::Bundle& bundle,
                                            const std::function<std::string()>& new_id,
                                            int* trials) {
  int n = 0;
  ASSIGN_OR_RETURN(bool ok_at_ceiling, StartsUnder(driver, bundle, kMemoryLimitCeiling, new_id()));
  ++n;
  if (!ok_at_ceiling) {
    return absl::FailedPreconditionError(absl::StrCat(
        driver.name(), " does not start /bin/true under ", kMemoryLimitCeiling, " bytes"));
  }
  // Invariant: `hi` passes, `lo` fails (0 is taken to fail).
  int64_t lo = 0, hi = kMemoryLimitCeiling;
  while (hi - lo > kMemoryLimitStep) {
    const int64_t mid = (lo + (hi - lo) / 2) / kMemoryLimitStep * kMemoryLimitStep;
    ASSIGN_OR_RETURN(
        bool ok, StartsUnder(driver, bundle, mid == lo ? lo + kMemoryLimitStep : mid, new_id()));
    ++n;
    (ok ? hi : lo) = mid == lo ? lo + kMemoryLimitStep : mid;
  }
  if (trials != nullptr) *trials = n;
  return hi;
}

}  // namespace nsinit::bench

#include "runtime/config/rlimit_names.h"

#include <sys/resource.h>

#include <iterator>

namespace nsinit::config {
namespace {

// The name is the constant's own spelling, so the two cannot disagree.
// One row per line (clang-format would pack them):
// clang-format off
#define ROW(resource) RlimitInfo{resource, #resource}
constexpr RlimitInfo kRlimits[] = {
    ROW(RLIMIT_CPU),
    ROW(RLIMIT_FSIZE),
    ROW(RLIMIT_DATA),
    ROW(RLIMIT_STACK),
    ROW(RLIMIT_CORE),
    ROW(RLIMIT_RSS),
    ROW(RLIMIT_NPROC),
    ROW(RLIMIT_NOFILE),
    ROW(RLIMIT_MEMLOCK),
    ROW(RLIMIT_AS),
    ROW(RLIMIT_LOCKS),
    ROW(RLIMIT_SIGPENDING),
    ROW(RLIMIT_MSGQUEUE),
    ROW(RLIMIT_NICE),
    ROW(RLIMIT_RTPRIO),
    ROW(RLIMIT_RTTIME),
};
#undef ROW
// clang-format on

constexpr bool InNumberOrder() {
  for (size_t i = 0; i < std::size(kRlimits); ++i) {
    if (kRlimits[i].resource != static_cast<int>(i)) return false;
  }
  return true;
}
static_assert(InNumberOrder(), "kRlimits rows must be in number order, without gaps");
// A newer libc adds a resource this table lacks: add its row.
static_assert(std::size(kRlimits) == static_cast<size_t>(RLIM_NLIMITS),
              "kRlimits does not cover every resource of <sys/resource.h>");

}  // namespace

absl::Span<const RlimitInfo> AllRlimits() { return kRlimits; }

std::optional<int> RlimitFromName(absl::string_view name) {
  for (const RlimitInfo& r : kRlimits) {
    if (r.name == name) return r.resource;
  }
  return std::nullopt;
}

absl::string_view RlimitName(int resource) {
  if (resource < 0 || static_cast<size_t>(resource) >= std::size(kRlimits)) return "";
  return kRlimits[resource].name;
}

}  // namespace nsinit::config

#include "runtime/config/rlimit_names.h"

#include <sys/resource.h>

#include <utility>

namespace nsinit::config {
namespace {

// Every resource of setrlimit(2) on Linux.
constexpr std::pair<absl::string_view, int> kRlimits[] = {
    {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_STACK", RLIMIT_STACK},
    {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_NPROC", RLIMIT_NPROC},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    {"RLIMIT_RTTIME", RLIMIT_RTTIME},
};

}  // namespace

std::optional<int> RlimitFromName(absl::string_view name) {
  for (const auto& [n, resource] : kRlimits) {
    if (n == name) return resource;
  }
  return std::nullopt;
}

absl::string_view RlimitName(int resource) {
  for (const auto& [n, r] : kRlimits) {
    if (r == resource) return n;
  }
  return "";
}

}  // namespace nsinit::config

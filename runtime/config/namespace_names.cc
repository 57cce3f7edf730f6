#include "runtime/config/namespace_names.h"

#include <sched.h>

#include <utility>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080  // Linux 5.6, missing from older libcs.
#endif

namespace nsinit::config {
namespace {

struct NamespaceInfo {
  NamespaceType type;
  absl::string_view name;
  int clone_flag;
};

constexpr NamespaceInfo kNamespaces[] = {
    {NamespaceType::kPid, "pid", CLONE_NEWPID},
    {NamespaceType::kNetwork, "network", CLONE_NEWNET},
    {NamespaceType::kMount, "mount", CLONE_NEWNS},
    {NamespaceType::kIpc, "ipc", CLONE_NEWIPC},
    {NamespaceType::kUts, "uts", CLONE_NEWUTS},
    {NamespaceType::kUser, "user", CLONE_NEWUSER},
    {NamespaceType::kCgroup, "cgroup", CLONE_NEWCGROUP},
    {NamespaceType::kTime, "time", CLONE_NEWTIME},
};

}  // namespace

std::optional<NamespaceType> NamespaceTypeFromName(absl::string_view name) {
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.name == name) return ns.type;
  }
  return std::nullopt;
}

absl::string_view NamespaceTypeName(NamespaceType type) {
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.type == type) return ns.name;
  }
  return "unknown";
}

int NamespaceCloneFlag(NamespaceType type) {
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.type == type) return ns.clone_flag;
  }
  return 0;
}

}  // namespace nsinit::config

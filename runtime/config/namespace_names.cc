#include "runtime/config/namespace_names.h"

#include <sched.h>

#include <iterator>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080  // Linux 5.6, missing from older libcs.
#endif

namespace nsinit::config {
namespace {

// cgroup and time have no v1 name: libcontainer v1 predates them, and v1
// import has always refused NEWCGROUP and NEWTIME.
constexpr NamespaceInfo kNamespaces[] = {
    {NamespaceType::kMount, "mount", CLONE_NEWNS, "mnt", "NEWNS"},
    {NamespaceType::kPid, "pid", CLONE_NEWPID, "pid", "NEWPID"},
    {NamespaceType::kUts, "uts", CLONE_NEWUTS, "uts", "NEWUTS"},
    {NamespaceType::kIpc, "ipc", CLONE_NEWIPC, "ipc", "NEWIPC"},
    {NamespaceType::kNetwork, "network", CLONE_NEWNET, "net", "NEWNET"},
    {NamespaceType::kUser, "user", CLONE_NEWUSER, "user", "NEWUSER"},
    {NamespaceType::kCgroup, "cgroup", CLONE_NEWCGROUP, "cgroup", ""},
    {NamespaceType::kTime, "time", CLONE_NEWTIME, "time", ""},
};

// A NamespaceType without a row could be parsed but never created: the
// table covers the enum, whose last enumerator is kTime.
constexpr bool EveryTypeHasOneRow() {
  for (int t = 0; t <= static_cast<int>(NamespaceType::kTime); ++t) {
    int rows = 0;
    for (const NamespaceInfo& ns : kNamespaces) rows += static_cast<int>(ns.type) == t;
    if (rows != 1) return false;
  }
  return std::size(kNamespaces) == static_cast<size_t>(NamespaceType::kTime) + 1;
}
static_assert(EveryTypeHasOneRow(), "kNamespaces needs exactly one row per NamespaceType");

}  // namespace

absl::Span<const NamespaceInfo> AllNamespaces() { return kNamespaces; }

const NamespaceInfo* FindNamespace(NamespaceType type) {
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.type == type) return &ns;
  }
  return nullptr;
}

std::optional<NamespaceType> NamespaceTypeFromName(absl::string_view name) {
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.oci_name == name) return ns.type;
  }
  return std::nullopt;
}

absl::string_view NamespaceTypeName(NamespaceType type) {
  const NamespaceInfo* ns = FindNamespace(type);
  return ns != nullptr ? ns->oci_name : "unknown";
}

int NamespaceCloneFlag(NamespaceType type) {
  const NamespaceInfo* ns = FindNamespace(type);
  return ns != nullptr ? static_cast<int>(ns->clone_flag) : 0;
}

std::optional<NamespaceType> NamespaceTypeFromV1Name(absl::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const NamespaceInfo& ns : kNamespaces) {
    if (ns.v1_name == name) return ns.type;
  }
  return std::nullopt;
}

std::vector<absl::string_view> V1NamespaceNames() {
  std::vector<absl::string_view> names;
  for (const NamespaceInfo& ns : kNamespaces) {
    if (!ns.v1_name.empty()) names.push_back(ns.v1_name);
  }
  return names;
}

}  // namespace nsinit::config

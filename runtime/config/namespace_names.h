// The namespace vocabulary: one table row per namespace type, with every
// spelling of it the runtime meets. The OCI name is what config.json says
// (linux.namespaces[].type, the features document), the CLONE_NEW* flag is
// what clone(2), unshare(2) and setns(2) take, the /proc name is the file
// under /proc/<pid>/ns/ (namespaces(7)), and the v1 name is libcontainer's
// container.json spelling. Parsing, validation, the child plan, v1 import and
// `nsinit features` all read this table: a namespace is added with one row
// (and its NamespaceType enumerator in spec.h).
#ifndef NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

struct NamespaceInfo {
  NamespaceType type;
  absl::string_view oci_name;   // "network"
  uint64_t clone_flag;          // CLONE_NEWNET
  absl::string_view proc_name;  // "net": /proc/<pid>/ns/net
  absl::string_view v1_name;    // "NEWNET"; empty where v1 import refuses the type
};

// Every row, in the order an exec joins the init's namespaces (after the
// user namespace, which it joins first); v1 import's error lists the v1
// names in this order too.
absl::Span<const NamespaceInfo> AllNamespaces();

// The row of `type`; nullptr only for a value outside the enum.
const NamespaceInfo* FindNamespace(NamespaceType type);

// "pid" -> kPid ...; nullopt for names the runtime-spec does not define.
std::optional<NamespaceType> NamespaceTypeFromName(absl::string_view name);

// kPid -> "pid": the OCI spelling.
absl::string_view NamespaceTypeName(NamespaceType type);

// kPid -> CLONE_NEWPID.
int NamespaceCloneFlag(NamespaceType type);

// "NEWNS" -> kMount ...; nullopt for names v1 import does not take.
std::optional<NamespaceType> NamespaceTypeFromV1Name(absl::string_view name);

// The v1 names v1 import takes, in table order.
std::vector<absl::string_view> V1NamespaceNames();

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_

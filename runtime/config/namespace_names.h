// Namespace type names of config.json ("pid", "network", ...) and their
// NamespaceType values, plus the CLONE_NEW* flag each one stands for.
#ifndef NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

// "pid" -> kPid ...; nullopt for names the runtime-spec does not define.
std::optional<NamespaceType> NamespaceTypeFromName(absl::string_view name);

// kPid -> "pid": the OCI spelling.
absl::string_view NamespaceTypeName(NamespaceType type);

// kPid -> CLONE_NEWPID.
int NamespaceCloneFlag(NamespaceType type);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_NAMESPACE_NAMES_H_

// The seccomp vocabulary of config.json: actions, comparison operators,
// architectures and filter flags, as the runtime-spec schema enumerates them
// (defs-linux.json SeccompAction, SeccompOperators, SeccompArch,
// SeccompFlag). Syscall names are not checked here: they depend on the
// architecture and are resolved by libseccomp when the filter is compiled.
#ifndef NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_

#include "absl/strings/string_view.h"

namespace nsinit::config {

bool IsSeccompAction(absl::string_view name);    // SCMP_ACT_*
bool IsSeccompOperator(absl::string_view name);  // SCMP_CMP_*
bool IsSeccompArch(absl::string_view name);      // SCMP_ARCH_*
bool IsSeccompFlag(absl::string_view name);      // SECCOMP_FILTER_FLAG_*

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_

// The seccomp vocabulary of config.json: actions, comparison operators,
// architectures and filter flags, as the runtime-spec schema enumerates them
// (defs-linux.json SeccompAction, SeccompOperators, SeccompArch,
// SeccompFlag). One table per word class; each row pairs the OCI name with
// what libseccomp or seccomp(2) calls it. Validation, the filter compiler
// (linux/seccomp.cc) and `nsinit features` all read these tables, and
// names_test checks them against libseccomp and the running kernel.
//
// Syscall names are not here: they depend on the architecture and are
// resolved by libseccomp when the filter is compiled.
#ifndef NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_
#define NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_

#include <seccomp.h>

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace nsinit::config {

struct SeccompActionInfo {
  absl::string_view name;  // "SCMP_ACT_ERRNO"
  // libseccomp's SCMP_ACT_* value, which is the kernel's SECCOMP_RET_*
  // (seccomp(2)), with its data bits zero.
  uint32_t action;
  // errnoRet goes in the data bits (SECCOMP_RET_DATA): ERRNO and TRACE.
  bool takes_ret;
};

struct SeccompOperatorInfo {
  absl::string_view name;  // "SCMP_CMP_EQ"
  scmp_compare op;         // SCMP_CMP_EQ
};

struct SeccompArchInfo {
  absl::string_view name;             // "SCMP_ARCH_X86_64"
  absl::string_view libseccomp_name;  // "x86_64", for seccomp_arch_resolve_name(3)
  bool listed;                        // in `nsinit features` (linux.seccomp.archs)
};

struct SeccompFlagInfo {
  absl::string_view name;    // "SECCOMP_FILTER_FLAG_LOG"
  uint32_t flag;             // its seccomp(2) SECCOMP_SET_MODE_FILTER flag bit
  bool passed;               // the compiled program passes it to seccomp(2)
  bool listed_as_supported;  // in `nsinit features` (linux.seccomp.supportedFlags)
};

// The tables; features lists actions and operators sorted, archs and flags
// in table order.
absl::Span<const SeccompActionInfo> SeccompActions();
absl::Span<const SeccompOperatorInfo> SeccompOperators();
absl::Span<const SeccompArchInfo> SeccompArchs();
absl::Span<const SeccompFlagInfo> SeccompFlags();

// The row named `name`, or nullptr.
const SeccompActionInfo* FindSeccompAction(absl::string_view name);
const SeccompOperatorInfo* FindSeccompOperator(absl::string_view name);
const SeccompArchInfo* FindSeccompArch(absl::string_view name);
const SeccompFlagInfo* FindSeccompFlag(absl::string_view name);

bool IsSeccompAction(absl::string_view name);    // SCMP_ACT_*
bool IsSeccompOperator(absl::string_view name);  // SCMP_CMP_*
bool IsSeccompArch(absl::string_view name);      // SCMP_ARCH_*
bool IsSeccompFlag(absl::string_view name);      // SECCOMP_FILTER_FLAG_*

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_SECCOMP_NAMES_H_

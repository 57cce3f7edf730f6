#include "runtime/config/seccomp_names.h"

#include <linux/seccomp.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)  // Linux 6.0.
#endif

namespace nsinit::config {
namespace {

// Where libseccomp or the kernel has a constant, ROW names the row by the
// constant's own spelling, so the two cannot disagree.

// SCMP_ACT_KILL is libseccomp's older name for SCMP_ACT_KILL_THREAD.
// SCMP_ACT_ERRNO(x) and SCMP_ACT_TRACE(x) are macros of errnoRet.
// One row per line (clang-format would pack them):
// clang-format off
#define ROW(action) SeccompActionInfo{#action, action, false}
#define ROW_WITH_RET(action) SeccompActionInfo{#action, action(0), true}
constexpr SeccompActionInfo kActions[] = {
    ROW(SCMP_ACT_KILL),
    ROW(SCMP_ACT_KILL_PROCESS),
    ROW(SCMP_ACT_KILL_THREAD),
    ROW(SCMP_ACT_TRAP),
    ROW_WITH_RET(SCMP_ACT_ERRNO),
    ROW_WITH_RET(SCMP_ACT_TRACE),
    ROW(SCMP_ACT_ALLOW),
    ROW(SCMP_ACT_LOG),
    ROW(SCMP_ACT_NOTIFY),
};
#undef ROW_WITH_RET
#undef ROW
// clang-format on

// One row per line (clang-format would pack them):
// clang-format off
#define ROW(op) SeccompOperatorInfo{#op, op}
constexpr SeccompOperatorInfo kOperators[] = {
    ROW(SCMP_CMP_NE),
    ROW(SCMP_CMP_LT),
    ROW(SCMP_CMP_LE),
    ROW(SCMP_CMP_EQ),
    ROW(SCMP_CMP_GE),
    ROW(SCMP_CMP_GT),
    ROW(SCMP_CMP_MASKED_EQ),
};
#undef ROW
// clang-format on

// The libseccomp name is the OCI name's suffix in lower case. Not every
// libseccomp knows every name (Debian 12's 2.5.4 has no m68k, sh, sheb or
// loongarch64): the config accepts them all, and compiling a filter for one
// this libseccomp lacks fails naming it. Features lists the x86 family, the
// architectures this runtime is built for and tested on.
constexpr SeccompArchInfo kArchs[] = {
    {"SCMP_ARCH_X86", "x86", true},
    {"SCMP_ARCH_X86_64", "x86_64", true},
    {"SCMP_ARCH_X32", "x32", true},
    {"SCMP_ARCH_ARM", "arm", false},
    {"SCMP_ARCH_AARCH64", "aarch64", false},
    {"SCMP_ARCH_LOONGARCH64", "loongarch64", false},
    {"SCMP_ARCH_M68K", "m68k", false},
    {"SCMP_ARCH_MIPS", "mips", false},
    {"SCMP_ARCH_MIPS64", "mips64", false},
    {"SCMP_ARCH_MIPS64N32", "mips64n32", false},
    {"SCMP_ARCH_MIPSEL", "mipsel", false},
    {"SCMP_ARCH_MIPSEL64", "mipsel64", false},
    {"SCMP_ARCH_MIPSEL64N32", "mipsel64n32", false},
    {"SCMP_ARCH_PPC", "ppc", false},
    {"SCMP_ARCH_PPC64", "ppc64", false},
    {"SCMP_ARCH_PPC64LE", "ppc64le", false},
    {"SCMP_ARCH_S390", "s390", false},
    {"SCMP_ARCH_S390X", "s390x", false},
    {"SCMP_ARCH_SH", "sh", false},
    {"SCMP_ARCH_SHEB", "sheb", false},
    {"SCMP_ARCH_PARISC", "parisc", false},
    {"SCMP_ARCH_PARISC64", "parisc64", false},
    {"SCMP_ARCH_RISCV64", "riscv64", false},
};

// TSYNC is accepted but not passed: the init has one thread, so there is
// nothing to synchronise (and the kernel refuses TSYNC with a listener).
// WAIT_KILLABLE_RECV is passed but not listed as supported: seccomp(2)
// refuses it unless the filter also has a listener (SCMP_ACT_NOTIFY).
// One row per line (clang-format would pack them):
// clang-format off
#define ROW(flag, passed, listed) \
  SeccompFlagInfo{#flag, static_cast<uint32_t>(flag), passed, listed}
constexpr SeccompFlagInfo kFlags[] = {
    ROW(SECCOMP_FILTER_FLAG_TSYNC, false, true),
    ROW(SECCOMP_FILTER_FLAG_LOG, true, true),
    ROW(SECCOMP_FILTER_FLAG_SPEC_ALLOW, true, true),
    ROW(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, true, false),
};
#undef ROW
// clang-format on

template <typename Row>
const Row* Find(absl::Span<const Row> rows, absl::string_view name) {
  for (const Row& row : rows) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

}  // namespace

absl::Span<const SeccompActionInfo> SeccompActions() { return kActions; }
absl::Span<const SeccompOperatorInfo> SeccompOperators() { return kOperators; }
absl::Span<const SeccompArchInfo> SeccompArchs() { return kArchs; }
absl::Span<const SeccompFlagInfo> SeccompFlags() { return kFlags; }

const SeccompActionInfo* FindSeccompAction(absl::string_view name) {
  return Find(SeccompActions(), name);
}
const SeccompOperatorInfo* FindSeccompOperator(absl::string_view name) {
  return Find(SeccompOperators(), name);
}
const SeccompArchInfo* FindSeccompArch(absl::string_view name) {
  return Find(SeccompArchs(), name);
}
const SeccompFlagInfo* FindSeccompFlag(absl::string_view name) {
  return Find(SeccompFlags(), name);
}

bool IsSeccompAction(absl::string_view name) { return FindSeccompAction(name) != nullptr; }
bool IsSeccompOperator(absl::string_view name) { return FindSeccompOperator(name) != nullptr; }
bool IsSeccompArch(absl::string_view name) { return FindSeccompArch(name) != nullptr; }
bool IsSeccompFlag(absl::string_view name) { return FindSeccompFlag(name) != nullptr; }

}  // namespace nsinit::config

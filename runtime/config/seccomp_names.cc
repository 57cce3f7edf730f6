#include "runtime/config/seccomp_names.h"

#include <algorithm>
#include <initializer_list>

namespace nsinit::config {
namespace {

bool In(std::initializer_list<absl::string_view> names,
        absl::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool IsSeccompAction(absl::string_view name) {
  return In({"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
             "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE",
             "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"},
            name);
}

bool IsSeccompOperator(absl::string_view name) {
  return In({"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
             "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"},
            name);
}

bool IsSeccompArch(absl::string_view name) {
  return In(
      {"SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",  "SCMP_ARCH_X32",
       "SCMP_ARCH_ARM",         "SCMP_ARCH_AARCH64", "SCMP_ARCH_LOONGARCH64",
       "SCMP_ARCH_M68K",        "SCMP_ARCH_MIPS",    "SCMP_ARCH_MIPS64",
       "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64",
       "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",     "SCMP_ARCH_PPC64",
       "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",    "SCMP_ARCH_S390X",
       "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",    "SCMP_ARCH_PARISC",
       "SCMP_ARCH_PARISC64",    "SCMP_ARCH_RISCV64"},
      name);
}

bool IsSeccompFlag(absl::string_view name) {
  return In({"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
             "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
             "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"},
            name);
}

}  // namespace nsinit::config

#include "runtime/config/capability_names.h"

#include <linux/capability.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"

namespace nsinit::config {
namespace {

// Indexed by capability number, as in <linux/capability.h>.
constexpr std::array<absl::string_view, 41> kCapabilityNames = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

// A newer header adds names this table lacks: extend the table.
static_assert(kCapabilityNames.size() == CAP_LAST_CAP + 1,
              "capability name table does not match <linux/capability.h>");
static_assert(CAP_CHOWN == 0 && CAP_SYS_ADMIN == 21 && CAP_BPF == 39);

}  // namespace

std::optional<int> CapabilityFromName(absl::string_view name) {
  for (size_t i = 0; i < kCapabilityNames.size(); ++i) {
    if (kCapabilityNames[i] == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

absl::string_view CapabilityName(int cap) {
  if (cap < 0 || static_cast<size_t>(cap) >= kCapabilityNames.size()) return "";
  return kCapabilityNames[cap];
}

int LastKnownCapability() { return CAP_LAST_CAP; }

absl::StatusOr<int> ReadKernelLastCapability(absl::string_view path) {
  std::ifstream in{std::string(path)};
  if (!in) return ErrnoStatus(errno, absl::StrCat("open ", path));
  std::stringstream text;
  text << in.rdbuf();
  int last = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text.str()), &last)) {
    return absl::InternalError(
        absl::StrCat(path, ": not a number: \"", text.str(), "\""));
  }
  return last;
}

std::vector<std::string> AllCapabilityNames() {
  return std::vector<std::string>(kCapabilityNames.begin(),
                                  kCapabilityNames.end());
}

}  // namespace nsinit::config

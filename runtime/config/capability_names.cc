#include "runtime/config/capability_names.h"

#include <linux/capability.h>

#include <cerrno>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"

namespace nsinit::config {
namespace {

// The name is the constant's own spelling, so the two cannot disagree.
// One row per line (clang-format would pack them):
// clang-format off
#define ROW(cap) CapabilityInfo{cap, #cap}
constexpr CapabilityInfo kCapabilities[] = {
    ROW(CAP_CHOWN),
    ROW(CAP_DAC_OVERRIDE),
    ROW(CAP_DAC_READ_SEARCH),
    ROW(CAP_FOWNER),
    ROW(CAP_FSETID),
    ROW(CAP_KILL),
    ROW(CAP_SETGID),
    ROW(CAP_SETUID),
    ROW(CAP_SETPCAP),
    ROW(CAP_LINUX_IMMUTABLE),
    ROW(CAP_NET_BIND_SERVICE),
    ROW(CAP_NET_BROADCAST),
    ROW(CAP_NET_ADMIN),
    ROW(CAP_NET_RAW),
    ROW(CAP_IPC_LOCK),
    ROW(CAP_IPC_OWNER),
    ROW(CAP_SYS_MODULE),
    ROW(CAP_SYS_RAWIO),
    ROW(CAP_SYS_CHROOT),
    ROW(CAP_SYS_PTRACE),
    ROW(CAP_SYS_PACCT),
    ROW(CAP_SYS_ADMIN),
    ROW(CAP_SYS_BOOT),
    ROW(CAP_SYS_NICE),
    ROW(CAP_SYS_RESOURCE),
    ROW(CAP_SYS_TIME),
    ROW(CAP_SYS_TTY_CONFIG),
    ROW(CAP_MKNOD),
    ROW(CAP_LEASE),
    ROW(CAP_AUDIT_WRITE),
    ROW(CAP_AUDIT_CONTROL),
    ROW(CAP_SETFCAP),
    ROW(CAP_MAC_OVERRIDE),
    ROW(CAP_MAC_ADMIN),
    ROW(CAP_SYSLOG),
    ROW(CAP_WAKE_ALARM),
    ROW(CAP_BLOCK_SUSPEND),
    ROW(CAP_AUDIT_READ),
    ROW(CAP_PERFMON),
    ROW(CAP_BPF),
    ROW(CAP_CHECKPOINT_RESTORE),
};
#undef ROW
// clang-format on

// CapabilityName indexes the table by number, and a capability mask is a
// uint64_t.
constexpr bool InNumberOrder() {
  for (size_t i = 0; i < std::size(kCapabilities); ++i) {
    if (kCapabilities[i].number != static_cast<int>(i)) return false;
  }
  return true;
}
static_assert(InNumberOrder(), "kCapabilities rows must be in number order, without gaps");
// A newer header adds capabilities this table lacks: add their rows.
static_assert(std::size(kCapabilities) == CAP_LAST_CAP + 1,
              "kCapabilities does not end at CAP_LAST_CAP of <linux/capability.h>");
static_assert(CAP_LAST_CAP < 64, "capability masks are 64 bits");

}  // namespace

absl::Span<const CapabilityInfo> AllCapabilities() { return kCapabilities; }

std::optional<int> CapabilityFromName(absl::string_view name) {
  for (const CapabilityInfo& cap : kCapabilities) {
    if (cap.name == name) return cap.number;
  }
  return std::nullopt;
}

absl::string_view CapabilityName(int cap) {
  if (cap < 0 || static_cast<size_t>(cap) >= std::size(kCapabilities)) return "";
  return kCapabilities[cap].name;
}

int LastKnownCapability() { return CAP_LAST_CAP; }

absl::StatusOr<int> ReadKernelLastCapability(absl::string_view path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, 64));
  int last = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &last)) {
    return absl::InternalError(absl::StrCat(path, ": not a number: \"", text, "\""));
  }
  return last;
}

absl::StatusOr<int> KernelLastCapability() {
  static const absl::StatusOr<int>* const last =
      new absl::StatusOr<int>(ReadKernelLastCapability());
  return *last;
}

std::vector<std::string> AllCapabilityNames() {
  std::vector<std::string> names;
  for (const CapabilityInfo& cap : kCapabilities) names.emplace_back(cap.name);
  return names;
}

}  // namespace nsinit::config

#include "runtime/process/console_owner.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/in_root.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::process {

std::optional<uint32_t> TtyGidInGroupFile(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ':');
    if (fields.size() < 3 || fields[0] != "tty") continue;
    uint32_t gid;
    if (absl::SimpleAtoi(fields[2], &gid)) return gid;
  }
  return std::nullopt;
}

std::optional<uint32_t> TtyGidInRoot(const std::string& root) {
  // In the root, without blocking on a planted fifo, capped: the image's
  // /etc/group goes through the one in-root reader (linux/in_root.h).
  absl::StatusOr<std::string> text = sys::ReadFileInRoot(root, "etc/group");
  if (!text.ok()) return std::nullopt;
  return TtyGidInGroupFile(*text);
}

void PlanConsoleOwner(const std::string& root, InitPlan* plan) {
  if (!plan->terminal) return;
  std::optional<uint32_t> tty = root.empty() ? std::nullopt : TtyGidInRoot(root);
  if (plan->uid == 0 && !tty) return;
  plan->set_console_owner = true;
  plan->console_uid = plan->uid;
  plan->console_gid = tty.value_or(static_cast<uint32_t>(-1));
}

}  // namespace nsinit::process

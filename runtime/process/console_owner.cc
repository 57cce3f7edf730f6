#include "runtime/process/console_owner.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "runtime/base/unique_fd.h"
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
  UniqueFd dir(open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return std::nullopt;
  // O_NONBLOCK: a fifo planted there must not hang the runtime.
  UniqueFd fd(sys::Openat2(dir.get(), "etc/group", O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0,
                           RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS));
  struct stat st;
  if (!fd || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  constexpr size_t kMax = 1 << 20;
  std::string text;
  char buf[8192];
  ssize_t n;
  while (text.size() < kMax && (n = read(fd.get(), buf, sizeof(buf))) > 0) text.append(buf, n);
  return TtyGidInGroupFile(text);
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

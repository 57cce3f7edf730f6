#include "runtime/cgroups/frozen_kill.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/hierarchy.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::cgroups {

std::string FreezerDirOf(pid_t pid, const std::vector<Hierarchy>& hierarchies) {
  std::string mount_point;
  for (const Hierarchy& h : hierarchies) {
    if (!h.v2 && h.Has("freezer")) mount_point = h.mount_point;
  }
  if (mount_point.empty()) return "";
  absl::StatusOr<std::string> text =
      ReadFile(absl::StrCat("/proc/", pid, "/cgroup"), kMaxKernelFileBytes);
  if (!text.ok()) return "";
  // "7:freezer:/path"
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::MaxSplits(':', 2));
    if (f.size() != 3) continue;
    for (absl::string_view c : absl::StrSplit(f[1], ',')) {
      if (c == "freezer") return JoinPath(mount_point, f[2]);
    }
  }
  return "";
}

absl::Status KillThroughFreezer(int pidfd, pid_t pid, const std::vector<Hierarchy>& hierarchies,
                                absl::Duration timeout) {
  if (sys::PidfdSendSignal(pidfd, SIGKILL, 0) != 0) {
    if (errno == ESRCH) return absl::OkStatus();
    return LastErrnoStatus(absl::StrCat("pidfd_send_signal SIGKILL to pid ", pid));
  }
  std::string dir = FreezerDirOf(pid, hierarchies);
  bool thawed = false;
  if (!dir.empty()) {
    absl::StatusOr<std::string> state = ReadCgroupFile(dir, "freezer.state");
    if (state.ok() && absl::StripAsciiWhitespace(*state) != "THAWED") {
      // Thawing is the only way the kill can take effect; every task of
      // that cgroup resumes, as `resume` would resume them.
      RETURN_IF_ERROR(WriteCgroupFile(dir, "freezer.state", "THAWED"));
      thawed = true;
    }
  }
  // Not frozen: the kill takes effect on its own. Waiting here could only
  // hang: a pid namespace's init does not finish exiting until every other
  // process of the namespace is reaped, and an orphan of a killed runtime
  // may be reaped only by our own caller.
  if (!thawed) return absl::OkStatus();
  return Annotate(AwaitExit(pidfd, pid, timeout), absl::StrCat("after thawing ", dir));
}

absl::Status AwaitExit(int pidfd, pid_t pid, absl::Duration timeout) {
  pollfd p = {pidfd, POLLIN, 0};
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    const int ms =
        static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now())));
    const int n = poll(&p, 1, ms);
    if (n > 0) return absl::OkStatus();
    if (n == 0) break;
    if (errno != EINTR) return LastErrnoStatus(absl::StrCat("poll on the pidfd of pid ", pid));
  }
  return absl::DeadlineExceededError(absl::StrCat("pid ", pid, " has not finished exiting ",
                                                  absl::FormatDuration(timeout), " after SIGKILL"));
}

}  // namespace nsinit::cgroups

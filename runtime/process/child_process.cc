#include "runtime/process/child_process.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/timings.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::process {
namespace {

// waitid(2) on the process: through its pidfd (no pid reuse can make it
// reap another child), else by pid. `flags` adds WNOHANG. Nullopt when
// WNOHANG found it still running.
std::optional<absl::StatusOr<int>> Reap(const ChildState& s, int flags) {
  siginfo_t info = {};
  int r;
  do {
    r = s.pidfd ? waitid(P_PIDFD, static_cast<id_t>(s.pidfd.get()), &info, WEXITED | flags)
                : waitid(P_PID, static_cast<id_t>(s.pid), &info, WEXITED | flags);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return LastErrnoStatus(absl::StrCat("waitid for pid ", s.pid));
  if (info.si_pid == 0) return std::nullopt;
  if (info.si_code == CLD_EXITED) return info.si_status;
  return 128 + info.si_status;
}

}  // namespace

ChildProcess::ChildProcess(pid_t pid, UniqueFd pidfd)
    : state_(std::make_shared<ChildState>(pid, std::move(pidfd))) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  KillAndReap();
  state_ = std::move(other.state_);
  return *this;
}

ChildProcess::~ChildProcess() { KillAndReap(); }

void ChildProcess::KillAndReap() {
  if (!state_) return;
  if (!Reaped()) {
    (void)Signal(SIGKILL);
    (void)Wait();
  }
  state_.reset();
}

bool ChildProcess::Reaped() const {
  if (!state_) return false;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->exit.has_value();
}

absl::StatusOr<int> ChildProcess::Wait() {
  if (!state_) return absl::FailedPreconditionError("wait: no process");
  // Wait for the exit without the lock, so a reaper is never held up by a
  // process still running; then reap it (or take what a reaper reaped).
  (void)Reap(*state_, WNOWAIT);
  std::lock_guard<std::mutex> lock(state_->mu);
  if (!state_->exit.has_value()) {
    state_->exit = Reap(*state_, 0);
    timings::Mark("wait: the process exited");
  }
  return *state_->exit;
}

absl::Status ChildProcess::Signal(int sig) {
  if (!state_) return absl::FailedPreconditionError("signal: no process");
  if (state_->pidfd) {
    if (sys::PidfdSendSignal(state_->pidfd.get(), sig, 0) != 0) {
      return LastErrnoStatus(absl::StrCat("pidfd_send_signal ", state_->pid, " signal ", sig));
    }
  } else if (kill(state_->pid, sig) != 0) {
    return LastErrnoStatus(absl::StrCat("kill ", state_->pid, " signal ", sig));
  }
  return absl::OkStatus();
}

pid_t ChildProcess::Release() {
  if (!state_) return -1;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->released = true;
  }
  return std::exchange(state_, nullptr)->pid;
}

ChildReaper ChildProcess::Reaper() const { return ChildReaper(state_); }

std::shared_ptr<ChildState> ChildReaper::Pending() const {
  std::shared_ptr<ChildState> s = state_.lock();
  if (!s) return nullptr;
  std::lock_guard<std::mutex> lock(s->mu);
  return s->released || s->exit.has_value() ? nullptr : s;
}

void ChildReaper::ReapIfExited(ChildState& state) {
  std::lock_guard<std::mutex> lock(state.mu);
  if (state.released || state.exit.has_value()) return;
  state.exit = Reap(state, WNOHANG);
}

}  // namespace nsinit::process

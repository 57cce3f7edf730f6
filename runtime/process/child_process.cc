#include "runtime/process/child_process.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/timings.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::process {

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), pidfd_(std::move(other.pidfd_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  KillAndReap();
  pid_ = std::exchange(other.pid_, -1);
  pidfd_ = std::move(other.pidfd_);
  return *this;
}

ChildProcess::~ChildProcess() { KillAndReap(); }

void ChildProcess::KillAndReap() {
  if (pid_ <= 0) return;
  if (pidfd_) {
    sys::PidfdSendSignal(pidfd_.get(), SIGKILL, 0);
  } else {
    kill(pid_, SIGKILL);
  }
  while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  pidfd_.reset();
}

absl::StatusOr<int> ChildProcess::Wait() {
  int status;
  pid_t r;
  do {
    r = waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return LastErrnoStatus(absl::StrCat("waitpid ", pid_));
  timings::Mark("wait: the process exited");
  pid_ = -1;
  pidfd_.reset();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

absl::Status ChildProcess::Signal(int sig) {
  if (sys::PidfdSendSignal(pidfd_.get(), sig, 0) != 0) {
    return LastErrnoStatus(absl::StrCat("pidfd_send_signal ", pid_, " signal ", sig));
  }
  return absl::OkStatus();
}

pid_t ChildProcess::Release() {
  pidfd_.reset();
  return std::exchange(pid_, -1);
}

}  // namespace nsinit::process

#include "runtime/process/signal_forwarder.h"

#include <errno.h>
#include <unistd.h>

#include "runtime/linux/syscalls.h"

namespace nsinit {

namespace {

// A pidfd, not the pid: once the init is reaped the signal fails with
// ESRCH instead of reaching whoever reuses the number.
volatile sig_atomic_t forward_to = -1;

void Forward(int sig) {
  int saved = errno;
  if (forward_to >= 0) sys::PidfdSendSignal(forward_to, sig, 0);
  errno = saved;
}

}  // namespace

SignalForwarder::SignalForwarder(pid_t pid) : pidfd_(sys::PidfdOpen(pid, 0)) {
  forward_to = pidfd_.get();
  struct sigaction sa = {};
  sa.sa_handler = Forward;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
    sigaction(kSignals[i], &sa, &previous_[i]);
  }
  // A signal blocked by whoever started us would never arrive.
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kSignals) sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

SignalForwarder::~SignalForwarder() {
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
    sigaction(kSignals[i], &previous_[i], nullptr);
  }
  forward_to = -1;
}

}  // namespace nsinit

// Forwards the signals a foreground `run` receives to the container's init
// (SPEC HYG-011): SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2.
//
// While a SignalForwarder lives, those signals are caught (even when the
// runtime was started with them ignored, as a non-interactive shell does for
// SIGINT and SIGQUIT of background jobs) and sent on to `pid` through a
// pidfd opened at construction, so a signal arriving after the init was
// reaped never reaches a process that reused its number. `pid` must be
// alive (or an unreaped child) at construction. Handlers use SA_RESTART;
// only one forwarder may exist at a time. The previous dispositions are
// restored on destruction.
#ifndef NSINIT_RUNTIME_PROCESS_SIGNAL_FORWARDER_H_
#define NSINIT_RUNTIME_PROCESS_SIGNAL_FORWARDER_H_

#include <signal.h>
#include <sys/types.h>

#include "runtime/base/unique_fd.h"

namespace nsinit {

class SignalForwarder {
 public:
  explicit SignalForwarder(pid_t pid);
  ~SignalForwarder();
  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

  static constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

 private:
  UniqueFd pidfd_;
  struct sigaction previous_[sizeof(kSignals) / sizeof(kSignals[0])];
};

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_PROCESS_SIGNAL_FORWARDER_H_

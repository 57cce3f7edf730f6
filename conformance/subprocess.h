// Running a runtime command as a child with a deadline, and waiting for a
// process that is not our child (a container's init) without sleeping.
//
// The conformance engine never sleeps to let something happen: it waits on
// a pidfd (pidfd_open(2), poll(2) for POLLIN = the process exited) with a
// deadline, and kills what overstays it. Every fd passed to a child is
// dup2'ed onto 0, 1, 2 and everything else is closed by O_CLOEXEC, so the
// runtime under test sees exactly three descriptors (HYG-001 measures what
// the runtime passes on, not what the harness leaked).
#ifndef NSINIT_CONFORMANCE_SUBPROCESS_H_
#define NSINIT_CONFORMANCE_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace nsinit::conformance {

struct Exit {
  int code = -1;   // exit code, or 128+signal when killed
  int signal = 0;  // the terminating signal, 0 if it exited
  bool timed_out = false;
};

// Starts `argv` (argv[0] a path) as a child with the fds, cwd and env of
// RunCommand below and returns its pid without waiting; the caller reaps
// it. With `own_group` it leads a new process group, so everything it
// starts can be killed at once. With `controlling_tty` it leads a new
// session whose controlling terminal is its stdin (a pty slave), as a
// shell in a terminal would run it.
absl::StatusOr<pid_t> StartCommand(const std::vector<std::string>& argv, int stdin_fd,
                                   int stdout_fd, int stderr_fd, const std::string& cwd = "",
                                   const std::vector<std::string>& env = {}, bool own_group = false,
                                   bool controlling_tty = false);

// Runs `argv` (argv[0] a path) with stdin/stdout/stderr from the given fds
// (-1: /dev/null), in `cwd` when non-empty, with `env` when non-empty (else
// the caller's environment), until it exits or `deadline` passes; then it
// is SIGKILLed and reaped, and `timed_out` is set.
absl::StatusOr<Exit> RunCommand(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd,
                                int stderr_fd, absl::Time deadline, const std::string& cwd = "",
                                const std::vector<std::string>& env = {});

// RunCommand with stdout and stderr collected (in memfds, which cannot
// block a chatty child as a pipe would) and stdin from /dev/null.
struct Captured {
  Exit exit;
  std::string out, err;
};
absl::StatusOr<Captured> RunCaptured(const std::vector<std::string>& argv, absl::Time deadline);

// Waits until process `pid` (not necessarily our child) has exited, or
// until `deadline`. OK if it is gone already; DeadlineExceeded otherwise.
absl::Status WaitForExit(pid_t pid, absl::Time deadline);

// True while `pid` exists and is not a zombie.
bool ProcessAlive(pid_t pid);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_SUBPROCESS_H_

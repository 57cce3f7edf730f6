// PtyRun: runs a runtime command with a terminal on the caller's side, as
// a user at a shell would, so cases with `process.terminal` in a
// foreground `run` judge the runtime and not the harness (issue 22).
//
// The engine owns the pty: the command's stdin and stdout are the slave
// and it leads a new session with the slave as controlling terminal; its
// stderr goes to `stderr_fd`. The master is read until the command exits
// (pidfd) and the terminal is drained. Optionally, once the output
// contains `resize_after`, the master's window size is set to `resize`,
// which makes the kernel send SIGWINCH to the command (the terminal's
// foreground process group): how HYG-012 checks that a runtime passes a
// resize on. No sleeps: the output is the synchronisation point.
#ifndef NSINIT_CONFORMANCE_PTY_RUN_H_
#define NSINIT_CONFORMANCE_PTY_RUN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "conformance/subprocess.h"

namespace nsinit::conformance {

struct PtySize {
  unsigned short rows = 24, cols = 80;
};

struct PtyOptions {
  PtySize initial;
  std::string resize_after;  // "" = no resize
  PtySize resize;
};

struct PtyResult {
  Exit exit;
  std::string output;  // what the terminal showed, carriage returns dropped
  bool resized = false;
};

absl::StatusOr<PtyResult> RunUnderPty(const std::vector<std::string>& argv, int stderr_fd,
                                      const std::string& cwd, absl::Time deadline,
                                      const PtyOptions& options);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_PTY_RUN_H_

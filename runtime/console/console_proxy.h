// Copies between the caller's stdio and a container's pty master until the
// container side hangs up: what a foreground run with a terminal needs when
// no console socket takes the master.
//
// When stdin is a terminal it is put in raw mode for the duration (so ^C
// reaches the container's line discipline, not ours) and restored after,
// a pty of size 0x0 (no process.consoleSize) takes its window size, and
// later changes of that size (SIGWINCH, blocked in the calling thread for
// the duration and read from a signalfd) are passed on to the pty.
#ifndef NSINIT_RUNTIME_CONSOLE_CONSOLE_PROXY_H_
#define NSINIT_RUNTIME_CONSOLE_CONSOLE_PROXY_H_

#include "absl/status/status.h"

namespace nsinit {

// Returns when the master reports hangup (every slave fd closed).
absl::Status ProxyConsole(int master, int in = 0, int out = 1);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_CONSOLE_CONSOLE_PROXY_H_

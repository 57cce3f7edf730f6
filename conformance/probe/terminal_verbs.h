// Verbs about terminals and scheduling: what a container process with
// process.terminal, ioPriority, scheduler or execCPUAffinity sees, and the
// host side of --console-socket.
#ifndef NSINIT_CONFORMANCE_PROBE_TERMINAL_VERBS_H_
#define NSINIT_CONFORMANCE_PROBE_TERMINAL_VERBS_H_

#include <string>

#include "conformance/probe/json_out.h"

namespace nsinit::probe {

// {"verb":"terminal","isatty":[b,b,b],"rdev":["136:0",...],"same_tty":b,
//  "pid","sid","session_leader":b,"tcgetsid":N|null,"controlling":b,
//  "rows":N|null,"cols":N|null}
void VerbTerminal(JsonWriter& w);

// Blocks SIGWINCH, prints {"verb":"winch-ready","rows","cols"} (stdin's
// window), then waits (up to `timeout_ms`) for SIGWINCH until the window
// is `rows` x `cols` (a runtime may size the terminal once more at start),
// and prints {"verb":"winch","got":b,"rows","cols"}: whether a SIGWINCH
// came, and the size seen last. Returns 0.
int VerbWinch(const std::string& rows, const std::string& cols, const std::string& timeout_ms);

// {"verb":"ioprio","ok","errno","class":"IOPRIO_CLASS_BE"|N,"priority":N}
void VerbIoprio(JsonWriter& w);

// {"verb":"sched","ok","errno","policy":"SCHED_OTHER","nice","priority",
//  "flags":N,"runtime","deadline","period"} from sched_getattr(2).
void VerbSched(JsonWriter& w);

// {"verb":"affinity","ok","errno","cpus":[0,1],"list":"0-1"}
void VerbAffinity(JsonWriter& w);

// Host side of --console-socket: listens on SOCKET (replacing a stale
// file), accepts one connection, receives the fd, reads the terminal
// until every slave is closed (or `timeout_ms`), then prints
// {"verb":"console-receive","ok","errno","fd_received":b,"is_pty_master":b,
//  "rows","cols","output"} and, after it, every output line that starts
// with '{' (carriage returns dropped), so a probe run on the terminal is
// judged like any other. Returns 0, or 1 when nothing was received.
int VerbConsoleReceive(const std::string& socket_path, const std::string& timeout_ms);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_TERMINAL_VERBS_H_

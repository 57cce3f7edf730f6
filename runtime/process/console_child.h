// The child's terminal and session (process.terminal): which session and
// process group the container's process leads, and the pty whose slave
// becomes its stdio and controlling terminal. The pty master goes to the
// runtime with a kConsole message (sync.h).
#ifndef NSINIT_RUNTIME_PROCESS_CONSOLE_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_CONSOLE_CHILD_H_

#include "runtime/base/unique_fd.h"
#include "runtime/process/init_plan.h"

namespace nsinit::process {

// The init leads a session of its own: its console (if any) becomes the
// session's controlling terminal.
void StartSessionInChild();

// init: a pty of the container's devpts (root_fd: the rootfs, before
// pivot_root) whose slave is bound on the container's /dev/console; the
// master goes to the runtime. Returns the slave.
UniqueFd SetUpConsoleInChild(int root_fd, const InitPlan& plan);

// exec: the session or process group of the exec'd process, and with a
// terminal its pty (the master goes to the runtime). Returns the slave, or
// an invalid fd without a terminal.
UniqueFd EnterExecSessionInChild(const InitPlan& plan);

// The pty `slave` becomes the controlling terminal and fds 0-2. Nothing to
// do for an invalid fd.
void AttachConsoleInChild(UniqueFd slave);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CONSOLE_CHILD_H_

// Running one OCI hook program: the part shared by the runtime (parent
// side hooks: prestart, createRuntime, poststart, poststop) and the
// container's init (createContainer, startContainer), so it is
// async-signal-safe: raw system calls, caller-provided buffers, no
// allocation.
//
// The hook gets the state JSON on its stdin (written into the pipe before
// the hook starts, so a hook that never reads cannot block us), its stdout
// and stderr go to one pipe whose first bytes are kept for the error
// message, and it inherits no other fd. It leads a process group of its
// own: a hook still running after its timeout is killed with SIGKILL,
// with whatever it started in that group, and counts as failed.
// The hook is waited for through its pidfd with poll: no signal handler,
// no SIGCHLD dependence, a deadline without sleeping.
#ifndef NSINIT_RUNTIME_HOOKS_HOOK_EXEC_H_
#define NSINIT_RUNTIME_HOOKS_HOOK_EXEC_H_

#include <stddef.h>

namespace nsinit::hooks {

struct HookOutcome {
  enum Kind : int {
    kExited,    // `code` is the exit status (0: success)
    kSignaled,  // `code` is the signal that killed it
    kTimedOut,  // killed after the timeout
    kNotRun,    // exec failed or setup failed; `code` is the errno
  };
  int kind = kNotRun;
  int code = 0;
  const char* failed_call = "";  // kNotRun: "execve", "pipe2", ...
  char output[512] = {};         // first bytes of stdout+stderr, NUL-terminated
  size_t output_len = 0;

  bool ok() const { return kind == kExited && code == 0; }
};

// Runs `path` with `argv` and `envp` (both nullptr-terminated, used
// exactly as given), `input` on stdin, and waits for it; `timeout_s` > 0
// kills it after that many seconds.
void RunHookRaw(const char* path, char* const argv[], char* const envp[], const char* input,
                size_t input_len, int timeout_s, HookOutcome* out);

// Appends a description of a failed outcome ("exit status 3", "killed by
// signal 9", "timed out after 2s (killed)", "execve: errno 2") and the
// hook's output to buf (NUL-terminated, truncated to cap).
void DescribeOutcome(const HookOutcome& outcome, int timeout_s, char* buf, size_t cap);

}  // namespace nsinit::hooks

#endif  // NSINIT_RUNTIME_HOOKS_HOOK_EXEC_H_

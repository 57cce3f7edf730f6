#include "runtime/hooks/hook_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/linux/syscalls.h"

namespace nsinit::hooks {
namespace {

int64_t NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void Append(char* buf, size_t cap, size_t* len, const char* s) {
  while (*s != '\0' && *len + 1 < cap) buf[(*len)++] = *s++;
  buf[*len] = '\0';
}

void AppendInt(char* buf, size_t cap, size_t* len, long v) {
  char tmp[24];
  int n = 0;
  unsigned long u = v < 0 ? -static_cast<unsigned long>(v) : v;
  do {
    tmp[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) tmp[n++] = '-';
  char out[24];
  for (int i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
  Append(buf, cap, len, out);
}

// Keeps what fits of `n` bytes of output; the rest is read and dropped so
// the hook never blocks on a full pipe.
void KeepOutput(HookOutcome* out, const char* data, size_t n) {
  size_t room = sizeof(out->output) - 1 - out->output_len;
  if (n > room) n = room;
  memcpy(out->output + out->output_len, data, n);
  out->output_len += n;
  out->output[out->output_len] = '\0';
}

// Returns false once the pipe is at EOF (or broken).
bool DrainOutput(int fd, HookOutcome* out) {
  char chunk[4096];
  while (true) {
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n > 0) {
      KeepOutput(out, chunk, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
}

void SetUpFailure(HookOutcome* out, const char* call) {
  out->kind = HookOutcome::kNotRun;
  out->code = errno;
  out->failed_call = call;
}

// The hook's side between clone and exec: its own process group (so a
// timeout kills what it started too), stdio from the pipes, every other fd
// closed at exec, no signal blocked. Reports an exec failure's errno
// through `report` (CLOEXEC: silent on success).
[[noreturn]] void ExecHook(const char* path, char* const argv[], char* const envp[], int in,
                           int out, int report) {
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) {
    int err = errno;
    (void)!write(report, &err, sizeof(err));
    _exit(127);
  }
  setpgid(0, 0);
  sys::CloseRange(3, ~0U, CLOSE_RANGE_CLOEXEC);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(path, argv, envp);
  int err = errno;
  (void)!write(report, &err, sizeof(err));
  _exit(127);
}

// The hook and everything it started in its process group. Not reaped
// yet, the hook's pid (and so its group id) cannot have been reused.
void KillHookGroup(int pidfd, pid_t pid) {
  sys::PidfdSendSignal(pidfd, SIGKILL, 0);
  kill(-pid, SIGKILL);
}

}  // namespace

void RunHookRaw(const char* path, char* const argv[], char* const envp[], const char* input,
                size_t input_len, int timeout_s, HookOutcome* out) {
  out->output_len = 0;
  out->output[0] = '\0';
  int in[2], output[2], report[2];
  if (pipe2(in, O_CLOEXEC) != 0) return SetUpFailure(out, "pipe2 (stdin)");
  // The state goes in before the hook starts: a hook that never reads its
  // stdin then cannot block us. A pipe holds 64 KiB; grow it for larger
  // states (many annotations).
  if (input_len > 65536 && fcntl(in[1], F_SETPIPE_SZ, static_cast<int>(input_len)) < 0) {
    SetUpFailure(out, "fcntl F_SETPIPE_SZ (state larger than the pipe)");
    close(in[0]);
    close(in[1]);
    return;
  }
  size_t written = 0;
  while (written < input_len) {
    ssize_t n = write(in[1], input + written, input_len - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      SetUpFailure(out, "write (state to the hook's stdin)");
      close(in[0]);
      close(in[1]);
      return;
    }
    written += static_cast<size_t>(n);
  }
  close(in[1]);
  if (pipe2(output, O_CLOEXEC) != 0) {
    SetUpFailure(out, "pipe2 (output)");
    close(in[0]);
    return;
  }
  if (pipe2(report, O_CLOEXEC) != 0) {
    SetUpFailure(out, "pipe2 (exec report)");
    close(in[0]);
    close(output[0]);
    close(output[1]);
    return;
  }
  int pidfd = -1;
  pid_t pid = sys::Clone3(CLONE_PIDFD, &pidfd);
  if (pid == 0) ExecHook(path, argv, envp, in[0], output[1], report[1]);
  int clone_errno = errno;
  close(in[0]);
  close(output[1]);
  close(report[1]);
  if (pid < 0) {
    errno = clone_errno;
    SetUpFailure(out, "clone3");
    close(output[0]);
    close(report[0]);
    return;
  }
  // Blocks until exec (EOF) or the hook's report of why exec failed.
  int exec_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &exec_errno, sizeof(exec_errno));
  } while (n < 0 && errno == EINTR);
  close(report[0]);

  fcntl(output[0], F_SETFL, O_NONBLOCK);
  int64_t deadline = timeout_s > 0 ? NowMs() + static_cast<int64_t>(timeout_s) * 1000 : -1;
  bool timed_out = false;
  struct pollfd fds[2] = {{pidfd, POLLIN, 0}, {output[0], POLLIN, 0}};
  while (n != sizeof(exec_errno)) {
    int wait_ms = -1;
    if (deadline >= 0) {
      int64_t left = deadline - NowMs();
      if (left <= 0) {
        timed_out = true;
        KillHookGroup(pidfd, pid);
        break;
      }
      wait_ms = static_cast<int>(left);
    }
    int ready = poll(fds, 2, wait_ms);
    if (ready < 0 && errno != EINTR) {
      // Cannot wait with a deadline: kill rather than hang.
      timed_out = true;
      KillHookGroup(pidfd, pid);
      break;
    }
    if (ready <= 0) continue;
    if (fds[1].revents != 0 && !DrainOutput(output[0], out)) fds[1].fd = -1;
    if (fds[0].revents != 0) break;  // exited
  }
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  // What the hook wrote before exiting; a grandchild still holding the
  // pipe is not waited for.
  if (fds[1].fd >= 0) DrainOutput(output[0], out);
  close(output[0]);
  close(pidfd);

  if (n == sizeof(exec_errno)) {
    out->kind = HookOutcome::kNotRun;
    out->code = exec_errno;
    out->failed_call = "execve";
  } else if (timed_out) {
    out->kind = HookOutcome::kTimedOut;
    out->code = SIGKILL;
  } else if (waited < 0) {
    SetUpFailure(out, "waitpid");
  } else if (WIFSIGNALED(status)) {
    out->kind = HookOutcome::kSignaled;
    out->code = WTERMSIG(status);
  } else {
    out->kind = HookOutcome::kExited;
    out->code = WEXITSTATUS(status);
  }
}

void DescribeOutcome(const HookOutcome& o, int timeout_s, char* buf, size_t cap) {
  size_t len = strnlen(buf, cap);
  switch (o.kind) {
    case HookOutcome::kExited:
      Append(buf, cap, &len, "exit status ");
      AppendInt(buf, cap, &len, o.code);
      break;
    case HookOutcome::kSignaled:
      Append(buf, cap, &len, "killed by signal ");
      AppendInt(buf, cap, &len, o.code);
      break;
    case HookOutcome::kTimedOut:
      Append(buf, cap, &len, "timed out after ");
      AppendInt(buf, cap, &len, timeout_s);
      Append(buf, cap, &len, "s (killed)");
      break;
    case HookOutcome::kNotRun: {
      Append(buf, cap, &len, o.failed_call);
      Append(buf, cap, &len, ": ");
      const char* name = strerrorname_np(o.code);
      Append(buf, cap, &len, name != nullptr ? name : "errno ");
      if (name == nullptr) AppendInt(buf, cap, &len, o.code);
      break;
    }
  }
  if (o.output_len > 0) {
    Append(buf, cap, &len, "; output: ");
    // Trailing newlines make error lines ragged.
    size_t end = o.output_len;
    while (end > 0 && (o.output[end - 1] == '\n' || o.output[end - 1] == '\r')) --end;
    for (size_t i = 0; i < end && len + 1 < cap; ++i) {
      buf[len++] = o.output[i] == '\n' ? ' ' : o.output[i];
    }
    buf[len] = '\0';
  }
}

}  // namespace nsinit::hooks

#include "conformance/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "conformance/file_util.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"

namespace nsinit::conformance {

namespace {

int PidfdOpen(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

int MillisUntil(absl::Time deadline) {
  absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
}

// Polls `pidfd` for exit until the deadline. true when it exited.
bool PollExit(int pidfd, absl::Time deadline) {
  for (;;) {
    struct pollfd p = {pidfd, POLLIN, 0};
    int rc = poll(&p, 1, MillisUntil(deadline));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return false;
  }
}

}  // namespace

absl::StatusOr<pid_t> StartCommand(const std::vector<std::string>& argv, int stdin_fd,
                                   int stdout_fd, int stderr_fd, const std::string& cwd,
                                   const std::vector<std::string>& env, bool own_group,
                                   bool controlling_tty) {
  if (argv.empty()) return absl::InvalidArgumentError("StartCommand: empty argv");
  UniqueFd devnull(open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!devnull.valid()) return ErrnoStatus(errno, "open /dev/null");
  int fds[3] = {stdin_fd < 0 ? devnull.get() : stdin_fd, stdout_fd < 0 ? devnull.get() : stdout_fd,
                stderr_fd < 0 ? devnull.get() : stderr_fd};
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<char*> cenv;
  for (const std::string& e : env) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus(errno, "fork for " + argv[0]);
  if (pid == 0) {
    // Child: async-signal-safe calls only. Move the three fds above 2
    // first so dup2 onto 0..2 cannot clobber one still needed.
    int high[3];
    for (int k = 0; k < 3; ++k) high[k] = fcntl(fds[k], F_DUPFD_CLOEXEC, 10);
    for (int k = 0; k < 3; ++k) {
      if (high[k] < 0 || dup2(high[k], k) < 0) _exit(127);
    }
    // Dispositions the harness ignores must not leak into the runtime
    // (PROC-026 judges what the runtime passes on).
    // The raw syscall also reaches 32 and 33, which glibc's signal()
    // refuses to touch but a parent (Bazel's test runner) may ignore.
    for (int sig = 1; sig < NSIG; ++sig) {
      if (sig == SIGKILL || sig == SIGSTOP) continue;
      struct {
        void* handler;
        unsigned long flags;
        void* restorer;
        unsigned long mask;
      } ksa = {nullptr, 0, nullptr, 0};  // SIG_DFL
      syscall(SYS_rt_sigaction, sig, &ksa, nullptr, sizeof(ksa.mask));
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (own_group) setpgid(0, 0);
    if (controlling_tty && (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) != 0)) _exit(127);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    if (env.empty()) {
      execv(cargv[0], cargv.data());
    } else {
      execve(cargv[0], cargv.data(), cenv.data());
    }
    _exit(127);
  }
  return pid;
}

absl::StatusOr<Exit> RunCommand(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd,
                                int stderr_fd, absl::Time deadline, const std::string& cwd,
                                const std::vector<std::string>& env) {
  ASSIGN_OR_RETURN(pid_t pid, StartCommand(argv, stdin_fd, stdout_fd, stderr_fd, cwd, env));
  UniqueFd pidfd(PidfdOpen(pid));
  Exit result;
  if (pidfd.valid() && !PollExit(pidfd.get(), deadline)) {
    kill(pid, SIGKILL);
    result.timed_out = true;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return ErrnoStatus(errno, absl::StrCat("waitpid ", pid));
  }
  if (WIFEXITED(status)) {
    result.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.code = 128 + result.signal;
  }
  return result;
}

namespace {

absl::StatusOr<std::string> ReadMemfd(int fd) {
  std::string text;
  char buf[8192];
  ssize_t n;
  if (lseek(fd, 0, SEEK_SET) < 0) return ErrnoStatus(errno, "lseek memfd");
  while ((n = read(fd, buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  if (n < 0) return ErrnoStatus(errno, "read memfd");
  return text;
}

}  // namespace

absl::StatusOr<Captured> RunCaptured(const std::vector<std::string>& argv, absl::Time deadline) {
  UniqueFd out(memfd_create("captured.out", MFD_CLOEXEC));
  if (!out.valid()) return ErrnoStatus(errno, "memfd_create captured.out");
  UniqueFd err(memfd_create("captured.err", MFD_CLOEXEC));
  if (!err.valid()) return ErrnoStatus(errno, "memfd_create captured.err");
  Captured c;
  ASSIGN_OR_RETURN(c.exit, RunCommand(argv, -1, out.get(), err.get(), deadline));
  ASSIGN_OR_RETURN(c.out, ReadMemfd(out.get()));
  ASSIGN_OR_RETURN(c.err, ReadMemfd(err.get()));
  return c;
}

absl::Status WaitForExit(pid_t pid, absl::Time deadline) {
  UniqueFd pidfd(PidfdOpen(pid));
  if (!pidfd.valid()) {
    if (errno == ESRCH) return absl::OkStatus();
    return ErrnoStatus(errno, absl::StrCat("pidfd_open ", pid));
  }
  if (PollExit(pidfd.get(), deadline)) return absl::OkStatus();
  return absl::DeadlineExceededError(absl::StrCat("process ", pid, " still running at deadline"));
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) return false;
  absl::StatusOr<std::string> stat = ReadFileToString(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat.ok()) return false;
  size_t paren = stat->rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat->size()) return false;
  char state = (*stat)[paren + 2];
  return state != 'Z' && state != 'X';
}

}  // namespace nsinit::conformance

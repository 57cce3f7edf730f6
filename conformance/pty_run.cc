#include "conformance/pty_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace nsinit::conformance {

namespace {

absl::Status Errno(const std::string& what) { return absl::ErrnoToStatus(errno, what); }

// Owns one fd.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

int MillisUntil(absl::Time deadline) {
  absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
}

// Reads what is available on the master; false at EOF/EIO (no slave left).
bool Drain(int master, std::string* out) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(master, buf, sizeof(buf));
    if (n > 0) {
      out->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;
    return false;  // 0, or EIO once every slave fd is closed
  }
}

}  // namespace

absl::StatusOr<PtyResult> RunUnderPty(const std::vector<std::string>& argv, int stderr_fd,
                                      const std::string& cwd, absl::Time deadline,
                                      const PtyOptions& options) {
  Fd master;
  master.fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (master.fd < 0) return Errno("posix_openpt");
  if (grantpt(master.fd) != 0) return Errno("grantpt");
  if (unlockpt(master.fd) != 0) return Errno("unlockpt");
  char name[128];
  if (ptsname_r(master.fd, name, sizeof(name)) != 0) return Errno("ptsname_r");
  Fd slave;
  slave.fd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave.fd < 0) return Errno(absl::StrCat("open ", name));
  struct winsize ws = {options.initial.rows, options.initial.cols, 0, 0};
  if (ioctl(master.fd, TIOCSWINSZ, &ws) != 0) return Errno(absl::StrCat("TIOCSWINSZ ", name));

  absl::StatusOr<pid_t> pid = StartCommand(argv, slave.fd, slave.fd, stderr_fd, cwd, {},
                                           /*own_group=*/false, /*controlling_tty=*/true);
  if (!pid.ok()) return pid.status();
  close(slave.fd);
  slave.fd = -1;
  Fd pidfd;
  pidfd.fd = static_cast<int>(syscall(SYS_pidfd_open, *pid, 0));
  if (pidfd.fd < 0) {
    kill(*pid, SIGKILL);
    waitpid(*pid, nullptr, 0);
    return Errno(absl::StrCat("pidfd_open ", *pid));
  }

  PtyResult result;
  std::string raw;
  bool open = true, exited = false;
  while (!exited) {
    struct pollfd p[2] = {{pidfd.fd, POLLIN, 0}, {master.fd, POLLIN, 0}};
    int rc = poll(p, open ? 2 : 1, MillisUntil(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) {
      kill(*pid, SIGKILL);
      result.exit.timed_out = true;
      break;
    }
    if (open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) open = Drain(master.fd, &raw);
    if (!options.resize_after.empty() && !result.resized &&
        raw.find(options.resize_after) != std::string::npos) {
      struct winsize nws = {options.resize.rows, options.resize.cols, 0, 0};
      if (ioctl(master.fd, TIOCSWINSZ, &nws) != 0) {
        kill(*pid, SIGKILL);
        waitpid(*pid, nullptr, 0);
        return Errno("TIOCSWINSZ (resize)");
      }
      result.resized = true;
    }
    if (p[0].revents & POLLIN) exited = true;
  }
  if (open) Drain(master.fd, &raw);
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0) {
    if (errno != EINTR) return Errno(absl::StrCat("waitpid ", *pid));
  }
  if (WIFEXITED(status)) {
    result.exit.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit.signal = WTERMSIG(status);
    result.exit.code = 128 + result.exit.signal;
  }
  result.output = absl::StrReplaceAll(raw, {{"\r", ""}});
  return result;
}

}  // namespace nsinit::conformance

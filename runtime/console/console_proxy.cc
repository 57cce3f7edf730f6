#include "runtime/console/console_proxy.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include "absl/cleanup/cleanup.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"

namespace nsinit {
namespace {

// Writes all of buf; false when the other side is gone.
bool WriteAll(int fd, const char* buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::Status ProxyConsole(int master, int in, int out) {
  struct termios saved;
  bool restore = isatty(in) && tcgetattr(in, &saved) == 0;
  if (restore) {
    struct termios raw = saved;
    cfmakeraw(&raw);
    tcsetattr(in, TCSANOW, &raw);
  }
  // A pty nobody sized takes the size of the terminal we relay to.
  struct winsize size;
  struct winsize ours;
  if (isatty(in) && ioctl(master, TIOCGWINSZ, &size) == 0 && size.ws_row == 0 && size.ws_col == 0 &&
      ioctl(in, TIOCGWINSZ, &ours) == 0) {
    ioctl(master, TIOCSWINSZ, &ours);
  }
  // Later resizes of our terminal (SIGWINCH, which only a terminal's
  // foreground process group gets) are passed on (SPEC HYG-012).
  UniqueFd winch;
  sigset_t winch_set, old_mask;
  sigemptyset(&winch_set);
  sigaddset(&winch_set, SIGWINCH);
  bool masked = isatty(in) && pthread_sigmask(SIG_BLOCK, &winch_set, &old_mask) == 0;
  if (masked) winch.reset(signalfd(-1, &winch_set, SFD_CLOEXEC | SFD_NONBLOCK));
  absl::Cleanup reset = [&] {
    if (restore) tcsetattr(in, TCSANOW, &saved);
    if (masked) pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  };
  // poll skips a negative fd: without a terminal there is no resize to wait for.
  struct pollfd fds[3] = {{master, POLLIN, 0}, {winch.get(), POLLIN, 0}, {in, POLLIN, 0}};
  char buf[16384];
  bool in_open = true;
  while (true) {
    int n = poll(fds, in_open ? 3 : 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrnoStatus("poll on the console");
    }
    // Before the input: what is typed after a resize may ask for the size.
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(winch.get(), &info, sizeof(info)) > 0) {
      }
      if (ioctl(in, TIOCGWINSZ, &ours) == 0) ioctl(master, TIOCSWINSZ, &ours);
    }
    if (fds[0].revents & POLLIN) {
      ssize_t r = read(master, buf, sizeof(buf));
      if (r > 0) {
        if (!WriteAll(out, buf, static_cast<size_t>(r))) return absl::OkStatus();
        continue;
      }
      // EIO: the last slave fd closed: the container's side is done.
      return absl::OkStatus();
    }
    if (fds[0].revents & (POLLHUP | POLLERR)) return absl::OkStatus();
    if (in_open && (fds[2].revents & (POLLIN | POLLHUP))) {
      ssize_t r = read(in, buf, sizeof(buf));
      if (r <= 0) {
        // Our stdin ended: pass the end on as the terminal's EOF character
        // (a reader in canonical mode then sees end of file), and keep
        // copying the output.
        in_open = false;
        struct termios t;
        char eof = tcgetattr(master, &t) == 0 ? static_cast<char>(t.c_cc[VEOF]) : '\x04';
        WriteAll(master, &eof, 1);
        continue;
      }
      if (!WriteAll(master, buf, static_cast<size_t>(r))) return absl::OkStatus();
    }
  }
}

}  // namespace nsinit

#include "conformance/probe/terminal_verbs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "conformance/probe/fd_passing.h"

namespace nsinit::probe {
namespace {

void Key(JsonWriter& w, const char* key) { WriteString(w, key); }

void WriteWinsize(JsonWriter& w, int fd) {
  struct winsize ws;
  bool ok = ioctl(fd, TIOCGWINSZ, &ws) == 0;
  Key(w, "rows");
  ok ? w.Int(ws.ws_row) : w.Null();
  Key(w, "cols");
  ok ? w.Int(ws.ws_col) : w.Null();
}

int64_t NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

void VerbTerminal(JsonWriter& w) {
  w.StartObject();
  WriteKeyString(w, "verb", "terminal");
  Key(w, "isatty");
  w.StartArray();
  for (int fd = 0; fd <= 2; ++fd) w.Bool(isatty(fd) == 1);
  w.EndArray();
  Key(w, "rdev");
  w.StartArray();
  dev_t first = 0;
  bool same = true;
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
      w.Null();
      same = false;
      continue;
    }
    std::string text = std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev));
    WriteString(w, text);
    if (fd == 0) first = st.st_rdev;
    same = same && st.st_rdev == first && st.st_rdev != 0;
  }
  w.EndArray();
  Key(w, "same_tty");
  w.Bool(same);
  pid_t pid = getpid();
  pid_t sid = getsid(0);
  Key(w, "pid");
  w.Int(pid);
  Key(w, "sid");
  w.Int(sid);
  Key(w, "session_leader");
  w.Bool(pid == sid);
  pid_t tty_sid = tcgetsid(0);
  Key(w, "tcgetsid");
  tty_sid < 0 ? w.Null() : w.Int(tty_sid);
  Key(w, "controlling");
  w.Bool(tty_sid >= 0 && tty_sid == sid);
  WriteWinsize(w, 0);
  w.EndObject();
}

void VerbIoprio(JsonWriter& w) {
  constexpr int kWhoProcess = 1;
  long v = syscall(SYS_ioprio_get, kWhoProcess, 0);
  int err = v < 0 ? errno : 0;
  w.StartObject();
  WriteKeyString(w, "verb", "ioprio");
  Key(w, "ok");
  w.Bool(v >= 0);
  WriteErrno(w, "errno", err);
  if (v >= 0) {
    int io_class = static_cast<int>(v >> 13);
    const char* names[] = {"IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                           "IOPRIO_CLASS_IDLE"};
    Key(w, "class");
    if (io_class >= 0 && io_class <= 3) {
      WriteString(w, names[io_class]);
    } else {
      w.Int(io_class);
    }
    Key(w, "priority");
    w.Int(static_cast<int>(v & 0x1fff));
  }
  w.EndObject();
}

void VerbSched(JsonWriter& w) {
  struct {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
  } attr = {};
  long r = syscall(SYS_sched_getattr, 0, &attr, sizeof(attr), 0);
  int err = r < 0 ? errno : 0;
  w.StartObject();
  WriteKeyString(w, "verb", "sched");
  Key(w, "ok");
  w.Bool(r == 0);
  WriteErrno(w, "errno", err);
  if (r == 0) {
    const char* names[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
                           "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
    Key(w, "policy");
    if (attr.policy <= 6) {
      WriteString(w, names[attr.policy]);
    } else {
      w.Uint(attr.policy);
    }
    Key(w, "nice");
    w.Int(attr.nice);
    Key(w, "priority");
    w.Uint(attr.priority);
    Key(w, "flags");
    w.Uint64(attr.flags);
    Key(w, "runtime");
    w.Uint64(attr.runtime);
    Key(w, "deadline");
    w.Uint64(attr.deadline);
    Key(w, "period");
    w.Uint64(attr.period);
  }
  w.EndObject();
}

void VerbAffinity(JsonWriter& w) {
  cpu_set_t set;
  CPU_ZERO(&set);
  int r = sched_getaffinity(0, sizeof(set), &set);
  int err = r != 0 ? errno : 0;
  w.StartObject();
  WriteKeyString(w, "verb", "affinity");
  Key(w, "ok");
  w.Bool(r == 0);
  WriteErrno(w, "errno", err);
  if (r == 0) {
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
    Key(w, "cpus");
    w.StartArray();
    for (int cpu : cpus) w.Int(cpu);
    w.EndArray();
    std::string list;
    for (size_t i = 0; i < cpus.size();) {
      size_t j = i;
      while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
      if (!list.empty()) list += ",";
      list += std::to_string(cpus[i]);
      if (j > i) list += "-" + std::to_string(cpus[j]);
      i = j + 1;
    }
    WriteKeyString(w, "list", list);
  }
  w.EndObject();
}

int VerbConsoleReceive(const std::string& socket_path, const std::string& timeout_ms) {
  int64_t deadline = NowMs() + (timeout_ms.empty() ? 20000 : atol(timeout_ms.c_str()));
  int err = 0;
  int master = -1;
  std::string output;
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  unlink(socket_path.c_str());
  // Bound under a temporary name and renamed, so the path exists only once
  // the socket listens: a script may wait for it with `test -S`. Bound
  // through an fd of the directory: sun_path holds only 108 bytes.
  std::string tmp = socket_path + ".tmp";
  size_t slash = socket_path.rfind('/');
  std::string dir = slash == std::string::npos ? "."
                    : slash == 0               ? "/"
                                               : socket_path.substr(0, slash);
  int dir_fd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  std::string short_tmp = "/proc/self/fd/" + std::to_string(dir_fd) + "/" +
                          tmp.substr(slash == std::string::npos ? 0 : slash + 1);
  struct sockaddr_un tmp_addr = {};
  tmp_addr.sun_family = AF_UNIX;
  snprintf(tmp_addr.sun_path, sizeof(tmp_addr.sun_path), "%s", short_tmp.c_str());
  unlink(tmp.c_str());
  if (sock < 0 || bind(sock, reinterpret_cast<sockaddr*>(&tmp_addr), sizeof(tmp_addr)) != 0 ||
      listen(sock, 1) != 0 || rename(tmp.c_str(), socket_path.c_str()) != 0) {
    err = errno;
  }
  int conn = -1;
  if (err == 0) {
    struct pollfd p = {sock, POLLIN, 0};
    int64_t left = deadline - NowMs();
    if (poll(&p, 1, left > 0 ? static_cast<int>(left) : 0) == 1) {
      conn = accept4(sock, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) err = errno;
    } else {
      err = ETIMEDOUT;
    }
  }
  std::string name;
  if (conn >= 0) {
    char data[256];
    int fds[kMaxReceivedFds];
    size_t nfds = 0;
    ssize_t n = ReceiveFds(conn, data, sizeof(data), fds, &nfds);
    if (n < 0) err = errno;
    if (n > 0) name.assign(data, static_cast<size_t>(n));
    if (nfds > 0) master = fds[0];
    for (size_t i = 1; i < nfds; ++i) close(fds[i]);
    close(conn);
  }
  bool is_master = false;
  struct winsize ws = {};
  bool have_ws = false;
  if (master >= 0) {
    unsigned int ptn = 0;
    is_master = ioctl(master, TIOCGPTN, &ptn) == 0;
    have_ws = ioctl(master, TIOCGWINSZ, &ws) == 0;
    // Until every slave is closed (EIO) or the deadline.
    for (;;) {
      int64_t left = deadline - NowMs();
      if (left <= 0) break;
      struct pollfd p = {master, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) != 1) break;
      char buf[4096];
      ssize_t n = read(master, buf, sizeof(buf));
      if (n <= 0) break;
      output.append(buf, static_cast<size_t>(n));
    }
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "console-receive");
  Key(w, "ok");
  w.Bool(master >= 0);
  WriteErrno(w, "errno", err);
  Key(w, "fd_received");
  w.Bool(master >= 0);
  WriteBytes(w, "name", name);
  Key(w, "is_pty_master");
  w.Bool(is_master);
  Key(w, "rows");
  have_ws ? w.Int(ws.ws_row) : w.Null();
  Key(w, "cols");
  have_ws ? w.Int(ws.ws_col) : w.Null();
  WriteBytes(w, "output", output);
  w.EndObject();
  if (!PrintLine(buf)) return 3;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string line;
    for (size_t i = start; i < end; ++i) {
      if (output[i] != '\r') line += output[i];
    }
    if (!line.empty() && line[0] == '{') {
      fwrite(line.data(), 1, line.size(), stdout);
      fputc('\n', stdout);
    }
    start = end + 1;
  }
  fflush(stdout);
  unlink(socket_path.c_str());
  return master >= 0 ? 0 : 1;
}

int VerbWinch(const std::string& rows, const std::string& cols, const std::string& timeout_ms) {
  sigset_t winch;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  // Blocked first, so a resize that comes as soon as "ready" is out stays
  // pending instead of being lost.
  sigprocmask(SIG_BLOCK, &winch, nullptr);
  {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    WriteKeyString(w, "verb", "winch-ready");
    WriteWinsize(w, 0);
    w.EndObject();
    if (!PrintLine(buf)) return 3;
  }
  const long want_rows = strtol(rows.c_str(), nullptr, 10);
  const long want_cols = strtol(cols.c_str(), nullptr, 10);
  long ms = strtol(timeout_ms.c_str(), nullptr, 10);
  if (ms <= 0) ms = 10000;
  const int64_t end = NowMs() + ms;
  bool got = false;
  for (;;) {
    int64_t left = end - NowMs();
    if (left <= 0) break;
    struct timespec ts = {static_cast<time_t>(left / 1000),
                          static_cast<long>(left % 1000) * 1000000};
    int sig = sigtimedwait(&winch, nullptr, &ts);
    if (sig < 0 && errno == EINTR) continue;
    if (sig != SIGWINCH) break;  // timed out
    got = true;
    struct winsize ws;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row == want_rows && ws.ws_col == want_cols) break;
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "winch");
  WriteString(w, "got");
  w.Bool(got);
  WriteWinsize(w, 0);
  w.EndObject();
  return PrintLine(buf) ? 0 : 3;
}

}  // namespace nsinit::probe

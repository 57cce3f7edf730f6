#include "conformance/probe/seccomp_verbs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "conformance/probe/fd_passing.h"
#include "conformance/probe/names.h"
#include "rapidjson/document.h"

namespace nsinit::probe {
namespace {

// errno by name ("EACCES") or number; 0 if unknown.
int ErrnoFromName(const std::string& name) {
  for (int e = 1; e < 134; ++e) {
    if (ErrnoName(e) == name) return e;
  }
  return atoi(name.c_str());
}

bool AppendLine(const std::string& path, const rapidjson::StringBuffer& buf) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::string line(buf.GetString(), buf.GetSize());
  line += '\n';
  bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  return ok;
}

// Reads the state (until EOF or a whole JSON object) and the fd passed with it.
int ReceiveState(int conn, std::string* state, int* nfds) {
  int listener = -1;
  *nfds = 0;
  char data[4096];
  while (true) {
    int fds[kMaxReceivedFds];
    size_t got = 0;
    ssize_t n = ReceiveFds(conn, data, sizeof(data), fds, &got);
    if (n <= 0) break;
    for (size_t i = 0; i < got; ++i) {
      if (listener < 0) {
        listener = fds[i];
      } else {
        close(fds[i]);
      }
    }
    *nfds += static_cast<int>(got);
    state->append(data, static_cast<size_t>(n));
    // Some runtimes keep the connection open: a whole JSON object is the
    // end of the message.
    rapidjson::Document doc;
    if (listener >= 0 && !doc.Parse(state->c_str()).HasParseError()) break;
  }
  return listener;
}

void Serve(int sock, const std::string& out_path, const std::string& reply) {
  alarm(60);
  int conn = accept4(sock, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0) _exit(1);
  std::string state;
  int nfds = 0;
  int listener = ReceiveState(conn, &state, &nfds);
  close(conn);
  {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    WriteKeyString(w, "verb", "seccomp-listen");
    rapidjson::Document doc;
    WriteString(w, "state");
    if (doc.Parse(state.c_str()).HasParseError()) {
      WriteString(w, state);  // not JSON: shown as text
    } else {
      doc.Accept(w);
    }
    WriteString(w, "fds");
    w.Int(nfds);
    w.EndObject();
    AppendLine(out_path, buf);
  }
  if (listener < 0) _exit(1);
  int err = reply == "continue" ? 0 : ErrnoFromName(reply);
  while (true) {
    struct seccomp_notif req;
    memset(&req, 0, sizeof(req));
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
      if (errno == EINTR) continue;
      break;  // ENOENT: no task uses the filter any more
    }
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    WriteKeyString(w, "verb", "seccomp-notify");
    WriteString(w, "nr");
    w.Int(req.data.nr);
    WriteString(w, "pid");
    w.Int(static_cast<int>(req.pid));
    WriteKeyString(w, "reply", reply);
    w.EndObject();
    AppendLine(out_path, buf);
    struct seccomp_notif_resp resp;
    memset(&resp, 0, sizeof(resp));
    resp.id = req.id;
    if (err == 0) {
      resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    } else {
      resp.error = -err;
    }
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  }
  _exit(0);
}

volatile sig_atomic_t g_trapped = 0;
volatile sig_atomic_t g_si_code = 0;
volatile sig_atomic_t g_si_syscall = 0;

void OnSigsys(int, siginfo_t* info, void*) {
  g_trapped = 1;
  g_si_code = info->si_code;
  g_si_syscall = info->si_syscall;
}

long NumberOf(const std::string& name) {
  if (name == "getpid") return SYS_getpid;
  if (name == "getppid") return SYS_getppid;
  if (name == "getuid") return SYS_getuid;
  return -1;
}

}  // namespace

int VerbSeccompListen(const std::string& socket_path, const std::string& out_path,
                      const std::string& reply) {
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  if (sock < 0 || socket_path.size() >= sizeof(addr.sun_path)) return 3;
  memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  unlink(socket_path.c_str());
  if (bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(sock, 4) != 0) {
    return 3;
  }
  pid_t pid = fork();
  if (pid < 0) return 3;
  if (pid == 0) {
    setsid();
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd) dup2(null, fd);
    Serve(sock, out_path, reply);
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "seccomp-listen");
  WriteString(w, "listening");
  w.Bool(true);
  WriteString(w, "pid");
  w.Int(pid);
  w.EndObject();
  return PrintLine(buf) ? 0 : 3;
}

void VerbTrap(JsonWriter& w, const std::string& name) {
  struct sigaction sa = {};
  sa.sa_sigaction = OnSigsys;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSYS, &sa, nullptr);
  long nr = NumberOf(name);
  errno = 0;
  long ret = nr >= 0 ? syscall(nr) : -1;
  w.StartObject();
  WriteKeyString(w, "verb", "trap");
  WriteKeyString(w, "name", name);
  WriteString(w, "known");
  w.Bool(nr >= 0);
  WriteString(w, "nr");
  w.Int64(nr);
  WriteString(w, "ret");
  w.Int64(ret);
  WriteString(w, "trapped");
  w.Bool(g_trapped != 0);
  WriteString(w, "si_code");
  w.Int(g_si_code);
  WriteString(w, "sys_seccomp");
  w.Bool(g_trapped != 0 && g_si_code == 1 /* SYS_SECCOMP */);
  WriteString(w, "si_syscall");
  w.Int(g_si_syscall);
  WriteString(w, "syscall_matches");
  w.Bool(g_trapped != 0 && g_si_syscall == nr);
  w.EndObject();
}

void VerbInt80(JsonWriter& w, const std::string& name) {
  // i386 numbers: the 32-bit ABI numbers its calls differently.
  long nr = name == "getpid" ? 20 : name == "getuid" ? 24 : -1;
  long ret = -ENOSYS;
  bool supported = false;
#if defined(__x86_64__)
  if (nr >= 0) {
    supported = true;
    long rax = nr;
    asm volatile("int $0x80" : "+a"(rax) : : "memory", "r8", "r9", "r10", "r11");
    ret = rax;
  }
#endif
  w.StartObject();
  WriteKeyString(w, "verb", "int80");
  WriteKeyString(w, "name", name);
  WriteString(w, "supported");
  w.Bool(supported);
  WriteString(w, "ret");
  w.Int64(ret);
  WriteString(w, "ok");
  w.Bool(ret >= 0);
  WriteErrno(w, "errno", ret < 0 ? static_cast<int>(-ret) : 0);
  w.EndObject();
}

}  // namespace nsinit::probe

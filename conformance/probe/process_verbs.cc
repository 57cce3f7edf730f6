#include "conformance/probe/process_verbs.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "conformance/probe/json_out.h"
#include "conformance/probe/names.h"

namespace nsinit::probe {

int VerbExit(const std::string& code) {
  char* end = nullptr;
  long n = strtol(code.c_str(), &end, 10);
  if (code.empty() || *end != '\0' || n < 0 || n > 255) return 2;
  return static_cast<int>(n);
}

int VerbSleepUntilSignal() {
  sigset_t all;
  sigfillset(&all);
  // Blocked signals stay pending for sigwaitinfo instead of taking their
  // default action, which also works when the probe is a pid namespace's
  // init (whose default-action signals the kernel would drop).
  sigprocmask(SIG_BLOCK, &all, nullptr);
  {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    WriteKeyString(w, "verb", "sleep-until-signal");
    WriteString(w, "ready");
    w.Bool(true);
    WriteString(w, "pid");
    w.Int(getpid());
    w.EndObject();
    if (!PrintLine(buf)) return 3;
  }
  siginfo_t info;
  int sig;
  do {
    sig = sigwaitinfo(&all, &info);
  } while (sig < 0 && errno == EINTR);
  if (sig < 0) return 3;
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "sleep-until-signal");
  WriteString(w, "signal");
  w.Int(sig);
  WriteKeyString(w, "name", SignalName(sig));
  WriteString(w, "sender_pid");
  w.Int(info.si_pid);
  w.EndObject();
  PrintLine(buf);
  return 128 + sig;
}

int VerbWaitStdin() {
  char chunk[4096];
  long long total = 0;
  int err = 0;
  while (true) {
    ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    if (n == 0) break;
    total += n;
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "wait-stdin");
  WriteString(w, "bytes");
  w.Int64(total);
  WriteErrno(w, "errno", err);
  w.EndObject();
  PrintLine(buf);
  return err == 0 ? 0 : 1;
}

int VerbKillSelf(const std::string& sig_name) {
  int sig = SignalFromName(sig_name);
  if (sig == 0) return 2;
  int err = kill(getpid(), sig) == 0 ? 0 : errno;
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "kill-self");
  WriteKeyString(w, "signal", SignalName(sig));
  WriteString(w, "survived");
  w.Bool(true);
  WriteErrno(w, "errno", err);
  w.EndObject();
  PrintLine(buf);
  return 0;
}

int VerbFork(const std::string& count) {
  char* end = nullptr;
  long wanted = strtol(count.c_str(), &end, 10);
  if (count.empty() || *end != '\0' || wanted < 0 || wanted > 4096) return 2;
  std::vector<pid_t> children;
  int err = 0;
  for (long i = 0; i < wanted; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      pause();
      _exit(0);
    }
    if (pid < 0) {
      err = errno;
      break;
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) kill(pid, SIGKILL);
  for (pid_t pid : children) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "fork");
  WriteString(w, "wanted");
  w.Int64(wanted);
  WriteString(w, "forked");
  w.Uint64(children.size());
  WriteErrno(w, "errno", err);
  w.EndObject();
  return PrintLine(buf) ? 0 : 3;
}

int VerbClock() {
  struct timespec mono = {}, boot = {}, real = {};
  clock_gettime(CLOCK_MONOTONIC, &mono);
  clock_gettime(CLOCK_BOOTTIME, &boot);
  clock_gettime(CLOCK_REALTIME, &real);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  WriteKeyString(w, "verb", "clock");
  WriteString(w, "monotonic");
  w.Int64(mono.tv_sec);
  WriteString(w, "boottime");
  w.Int64(boot.tv_sec);
  WriteString(w, "realtime");
  w.Int64(real.tv_sec);
  w.EndObject();
  return PrintLine(buf) ? 0 : 3;
}

}  // namespace nsinit::probe

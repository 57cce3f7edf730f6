// probe: a static multi-call binary run inside containers; prints facts
// about its process as JSON. `probe VERB [ARGS]`; see README.md.
//
// Exit status: the verb's (0 normally, N for `exit N`, 128+sig for
// `sleep-until-signal`); 2 for a usage error; 3 when stdout is unusable.
// A failed operation inside a verb is data ("ok": false), not an error.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "conformance/probe/facts.h"
#include "conformance/probe/file_verbs.h"
#include "conformance/probe/json_out.h"
#include "conformance/probe/process_verbs.h"
#include "conformance/probe/seccomp_verbs.h"
#include "conformance/probe/syscall_verb.h"
#include "conformance/probe/terminal_verbs.h"

namespace nsinit::probe {
namespace {

constexpr char kUsage[] =
    "usage: probe [VERB [ARGS]]\n"
    "  facts                 everything (the default)\n"
    "  fds-only              open fds\n"
    "  read PATH             first 4096 bytes\n"
    "  write PATH DATA       write to an existing file\n"
    "  write-file PATH DATA  create/truncate and write\n"
    "  stat PATH             lstat\n"
    "  statfs PATH           filesystem type and mount flags\n"
    "  sysctl NAME           /proc/sys value (kernel.hostname)\n"
    "  syscall NAME          one harmless call of a named syscall\n"
    "  trap NAME             SIGSYS handler, then syscall NAME (getpid, getppid, getuid)\n"
    "  int80 NAME            32-bit int 0x80 syscall (getpid, getuid; x86_64)\n"
    "  seccomp-listen SOCKET OUT REPLY\n"
    "                        host side: a seccomp notify listener (REPLY: continue|ENAME)\n"
    "  exit N                exit with status N\n"
    "  kill-self SIG         kill(getpid(), SIG)\n"
    "  sleep-until-signal    print ready, wait for a signal\n"
    "  wait-stdin            block until stdin reaches EOF\n"
    "  terminal              isatty, st_rdev, session, controlling tty, winsize\n"
    "  winch ROWS COLS [TIMEOUT_MS]\n"
    "                        print winch-ready, wait for SIGWINCH until the terminal is\n"
    "                        ROWS x COLS, print the winsize\n"
    "  ioprio                ioprio_get class and priority\n"
    "  sched                 sched_getattr policy, nice, priority\n"
    "  affinity              sched_getaffinity cpu list\n"
    "  console-receive SOCKET [TIMEOUT_MS]  (host) receive a pty master, read it\n"
    "  mknod PATH c|b MAJ MIN  create a device node\n"
    "  open PATH r|w|rw      open and close\n"
    "  fork N                fork N waiting children, report how many\n"
    "  clock                 monotonic, boottime and realtime seconds\n";

int Usage() {
  fputs(kUsage, stderr);
  return 2;
}

// Runs a verb that prints a single JSON object built by `fill`.
template <typename Fill>
int PrintOne(Fill fill) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  fill(w);
  return PrintLine(buf) ? 0 : 3;
}

int Run(int argc, char** argv) {
  std::string verb = argc > 1 ? argv[1] : "facts";
  int nargs = argc > 1 ? argc - 2 : 0;
  auto arg = [&](int i) { return std::string(argv[2 + i]); };

  if (verb == "facts" && nargs == 0) {
    return PrintOne([&](JsonWriter& w) { WriteFacts(w, argc, argv); });
  }
  if (verb == "fds-only" && nargs == 0) {
    return PrintOne([](JsonWriter& w) {
      w.StartObject();
      WriteKeyString(w, "verb", "fds-only");
      WriteFds(w);
      w.EndObject();
    });
  }
  if (verb == "read" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbRead(w, arg(0)); });
  }
  if (verb == "write" && nargs == 2) {
    return PrintOne([&](JsonWriter& w) { VerbWrite(w, arg(0), arg(1)); });
  }
  if (verb == "write-file" && nargs == 2) {
    return PrintOne([&](JsonWriter& w) { VerbWriteFile(w, arg(0), arg(1)); });
  }
  if (verb == "stat" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbStat(w, arg(0)); });
  }
  if (verb == "statfs" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbStatfs(w, arg(0)); });
  }
  if (verb == "sysctl" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbSysctl(w, arg(0)); });
  }
  if (verb == "syscall" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbSyscall(w, arg(0)); });
  }
  if (verb == "trap" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbTrap(w, arg(0)); });
  }
  if (verb == "int80" && nargs == 1) {
    return PrintOne([&](JsonWriter& w) { VerbInt80(w, arg(0)); });
  }
  if (verb == "seccomp-listen" && nargs == 3) return VerbSeccompListen(arg(0), arg(1), arg(2));
  if (verb == "mknod" && nargs == 4) {
    char* e1 = nullptr;
    char* e2 = nullptr;
    unsigned long maj = strtoul(argv[4], &e1, 10);
    unsigned long min = strtoul(argv[5], &e2, 10);
    if (*e1 != '\0' || *e2 != '\0' || (arg(1) != "c" && arg(1) != "b")) return Usage();
    return PrintOne([&](JsonWriter& w) {
      VerbMknod(w, arg(0), arg(1), static_cast<unsigned>(maj), static_cast<unsigned>(min));
    });
  }
  if (verb == "open" && nargs == 2) {
    if (arg(1) != "r" && arg(1) != "w" && arg(1) != "rw") return Usage();
    return PrintOne([&](JsonWriter& w) { VerbOpen(w, arg(0), arg(1)); });
  }
  if (verb == "fork" && nargs == 1) return VerbFork(arg(0));
  if (verb == "clock" && nargs == 0) return VerbClock();
  if (verb == "exit" && nargs == 1) {
    int code = VerbExit(arg(0));
    return code;
  }
  if (verb == "kill-self" && nargs == 1) return VerbKillSelf(arg(0));
  if (verb == "sleep-until-signal" && nargs == 0) return VerbSleepUntilSignal();
  if (verb == "wait-stdin" && nargs == 0) return VerbWaitStdin();
  if (verb == "terminal" && nargs == 0) return PrintOne([](JsonWriter& w) { VerbTerminal(w); });
  if (verb == "winch" && (nargs == 2 || nargs == 3)) {
    return VerbWinch(arg(0), arg(1), nargs == 3 ? arg(2) : "");
  }
  if (verb == "ioprio" && nargs == 0) return PrintOne([](JsonWriter& w) { VerbIoprio(w); });
  if (verb == "sched" && nargs == 0) return PrintOne([](JsonWriter& w) { VerbSched(w); });
  if (verb == "affinity" && nargs == 0) return PrintOne([](JsonWriter& w) { VerbAffinity(w); });
  if (verb == "console-receive" && (nargs == 1 || nargs == 2)) {
    return VerbConsoleReceive(arg(0), nargs == 2 ? arg(1) : "");
  }
  if (verb == "-h" || verb == "--help" || verb == "help") {
    fputs(kUsage, stdout);
    return 0;
  }
  return Usage();
}

}  // namespace
}  // namespace nsinit::probe

int main(int argc, char** argv) { return nsinit::probe::Run(argc, argv); }

// The nsinit binary as scripts and podman use it: a detached container's
// cgroup limits, pause/resume/state, events --stats, update, delete, the
// error contract, and --help on every verb.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/base/scm_rights.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

struct Result {
  int code = -1;
  std::string out, err;
};

// The limit files hold one value and a newline.
std::string ReadValue(const std::string& path) {
  return std::string(absl::StripTrailingAsciiWhitespace(ReadFile(path)));
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h = Harness::Create(R"({
        "process": {"args": ["/probe", "sleep-until-signal"]},
        "linux": {"resources": {"memory": {"limit": 67108864}, "pids": {"limit": 64},
                                "cpu": {"quota": 50000, "period": 100000}}}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  void TearDown() override {
    if (harness_) Run({"delete", "--force", "cli"});
  }

  // `tty`: a terminal fd to use as nsinit's stdin, stdout and stderr
  // instead of /dev/null and the captures.
  Result Run(const std::vector<std::string>& args, int tty = -1) {
    CaptureFile out, err;
    pid_t pid = StartRuntime(Runfile("tools/nsinit/nsinit"), harness_->state_root(), args, tty,
                             tty >= 0 ? tty : out.fd(), tty >= 0 ? tty : err.fd());
    Result r;
    r.code = WaitExitCode(pid);
    r.out = out.Read();
    r.err = err.Read();
    return r;
  }

  std::string Status(const std::string& id) {
    absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", id}).out);
    return st.ok() ? (*st)["status"].GetString() : "?";
  }

  std::optional<Harness> harness_;
};

TEST_F(CliTest, DetachedRunHasItsLimitsPausesResumesAndLeavesNothing) {
  Result run = Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(Status("cli"), "running");
  std::string cg = absl::StrCat("/nsinit/", DefaultCgroupName(harness_->state_root(), "cli"));
  // v1 on this kind of host; the v2 names where the host is pure v2.
  if (access("/sys/fs/cgroup/memory", F_OK) == 0) {
    EXPECT_EQ(ReadValue("/sys/fs/cgroup/memory" + cg + "/memory.limit_in_bytes"), "67108864");
    EXPECT_EQ(ReadValue("/sys/fs/cgroup/pids" + cg + "/pids.max"), "64");
    EXPECT_EQ(ReadValue("/sys/fs/cgroup/cpu" + cg + "/cpu.cfs_quota_us"), "50000");
  } else {
    EXPECT_EQ(ReadValue("/sys/fs/cgroup" + cg + "/memory.max"), "67108864");
    EXPECT_EQ(ReadValue("/sys/fs/cgroup" + cg + "/pids.max"), "64");
    EXPECT_EQ(ReadValue("/sys/fs/cgroup" + cg + "/cpu.max"), "50000 100000");
  }

  ASSERT_EQ(Run({"pause", "cli"}).code, 0);
  EXPECT_EQ(Status("cli"), "paused");
  ASSERT_EQ(Run({"resume", "cli"}).code, 0);
  EXPECT_EQ(Status("cli"), "running");

  Result stats = Run({"events", "--stats", "cli"});
  ASSERT_EQ(stats.code, 0) << stats.err;
  absl::StatusOr<rapidjson::Document> ev = ParseJson(stats.out);
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_STREQ((*ev)["type"].GetString(), "stats");
  EXPECT_GT((*ev)["data"]["memory"]["usage"]["usage"].GetUint64(), 0u) << stats.out;

  Result update = Run({"update", "--memory", "128m", "--pids-limit", "99", "cli"});
  ASSERT_EQ(update.code, 0) << update.err;
  if (access("/sys/fs/cgroup/memory", F_OK) == 0) {
    EXPECT_EQ(ReadValue("/sys/fs/cgroup/memory" + cg + "/memory.limit_in_bytes"), "134217728");
    EXPECT_EQ(ReadValue("/sys/fs/cgroup/pids" + cg + "/pids.max"), "99");
  }

  Result list = Run({"list", "--format", "json"});
  EXPECT_EQ(list.code, 0);
  EXPECT_THAT(list.out, HasSubstr("\"id\":\"cli\""));
  EXPECT_THAT(list.out, HasSubstr("\"status\":\"running\""));
  EXPECT_THAT(Run({"features"}).out, HasSubstr("\"ociVersionMax\": \"1.2.0\""));

  Result ps = Run({"ps", "--format", "json", "cli"});
  EXPECT_EQ(ps.code, 0);
  EXPECT_THAT(ps.out, HasSubstr("["));

  EXPECT_NE(Run({"delete", "cli"}).code, 0) << "a running container needs --force";
  absl::StatusOr<rapidjson::Document> state = ParseJson(Run({"state", "cli"}).out);
  ASSERT_TRUE(state.ok());
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, (*state)["pid"].GetInt(), 0));
  ASSERT_GE(pidfd, 0);
  ASSERT_EQ(Run({"kill", "cli", "SIGKILL"}).code, 0);
  // kill is asynchronous, as runc's: wait for the init to be gone.
  struct pollfd p = {pidfd, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);
  close(pidfd);
  EXPECT_EQ(Status("cli"), "stopped");
  ASSERT_EQ(Run({"delete", "cli"}).code, 0);
  struct stat st;
  for (const char* h : {"memory", "pids", "cpu", "freezer", "unified"}) {
    std::string dir = absl::StrCat("/sys/fs/cgroup/", h, cg);
    EXPECT_NE(stat(dir.c_str(), &st), 0) << dir << " left behind";
  }
  EXPECT_NE(stat((harness_->state_root() + "/cli").c_str(), &st), 0);
}

// Reads a pty master until every slave is closed (EIO).
std::string ReadUntilHangup(int master) {
  std::string all;
  char buf[4096];
  for (;;) {
    struct pollfd p = {master, POLLIN, 0};
    if (poll(&p, 1, 10000) != 1) break;
    ssize_t n = read(master, buf, sizeof(buf));
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  return all;
}

// A listening unix socket in a fresh directory, for --console-socket.
struct ConsoleListener {
  ConsoleListener() {
    absl::StatusOr<testing::TempDir> d = testing::TempDir::Create("console");
    if (d.ok()) dir.emplace(*std::move(d));
    path = dir ? dir->path() + "/sock" : "";
    // A test's TMPDIR is long: bind through the directory's fd, as nsinit
    // connects (sun_path holds 108 bytes).
    int dir_fd = dir ? open(dir->path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    std::string short_path = absl::StrCat("/proc/self/fd/", dir_fd, "/sock");
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", short_path.c_str());
    ok = dir_fd >= 0 && fd >= 0 &&
         bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 && listen(fd, 1) == 0;
    if (dir_fd >= 0) close(dir_fd);
  }
  ~ConsoleListener() { close(fd); }
  // The fd a client sent on the first connection (-1 if none).
  int Receive() {
    int conn = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (conn < 0) return -1;
    char data[64];
    int fds[kMaxPassedFds];
    size_t nfds = 0;
    int got = -1;
    if (ReceiveWithFds(conn, data, sizeof(data), fds, &nfds) > 0 && nfds > 0) got = fds[0];
    for (size_t i = 1; i < nfds; ++i) close(fds[i]);
    close(conn);
    return got;
  }
  std::optional<testing::TempDir> dir;
  std::string path;
  int fd = -1;
  bool ok = false;
};

TEST_F(CliTest, ExecTtyRelaysAPtyOfTheContainer) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  // Our own terminal stands for the user's: nsinit relays between it and
  // the container's new pty.
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  struct winsize ws = {33, 111, 0, 0};
  ASSERT_EQ(ioctl(master, TIOCSWINSZ, &ws), 0);
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(slave, 0);
  Result r = Run({"exec", "--tty", "cli", "/probe", "terminal"}, slave);
  close(slave);
  std::string out = ReadUntilHangup(master);
  close(master);
  EXPECT_EQ(r.code, 0) << out;
  EXPECT_THAT(out, HasSubstr("\"isatty\":[true,true,true]"));
  EXPECT_THAT(out, HasSubstr("\"same_tty\":true"));
  EXPECT_THAT(out, HasSubstr("\"session_leader\":true"));
  EXPECT_THAT(out, HasSubstr("\"controlling\":true"));
  EXPECT_THAT(out, HasSubstr("\"rows\":33,\"cols\":111")) << "the caller's window size";
}

// HYG-012: a resize of the caller's terminal reaches the container's pty.
// nsinit runs as the session leader of our pty (SIGWINCH goes to a
// terminal's foreground process group); the shell inside prints "ready"
// (so the relay runs), we resize and then type a line, after which the
// probe reports the size it sees.
TEST_F(CliTest, TtyRelayPassesWindowResizesOn) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  struct winsize first = {33, 111, 0, 0};
  ASSERT_EQ(ioctl(master, TIOCSWINSZ, &first), 0);
  std::string slave_path = ptsname(master);
  std::string bin = Runfile("tools/nsinit/nsinit");
  std::string root = harness_->state_root();
  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    int slave = open(slave_path.c_str(), O_RDWR);  // our controlling terminal
    if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) != 0) _exit(126);
    for (int fd = 0; fd < 3; ++fd) dup2(slave, fd);
    execl(bin.c_str(), bin.c_str(), "--root", root.c_str(), "exec", "--tty", "cli", "/bin/sh", "-c",
          "echo ready; read line; /probe terminal", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string out;
  char buf[4096];
  while (out.find("ready") == std::string::npos) {
    struct pollfd p = {master, POLLIN, 0};
    ASSERT_EQ(poll(&p, 1, 10000), 1) << "no \"ready\" from the container: " << out;
    ssize_t n = read(master, buf, sizeof(buf));
    ASSERT_GT(n, 0) << out;
    out.append(buf, static_cast<size_t>(n));
  }
  struct winsize second = {44, 122, 0, 0};
  ASSERT_EQ(ioctl(master, TIOCSWINSZ, &second), 0);
  ASSERT_EQ(write(master, "go\r", 3), 3);
  out += ReadUntilHangup(master);
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  EXPECT_THAT(out, HasSubstr("\"rows\":44,\"cols\":122")) << "the size after the resize";
}

TEST_F(CliTest, ExecConsoleSocketSendsThePtyMaster) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  ConsoleListener listener;
  ASSERT_TRUE(listener.ok);
  Result r =
      Run({"exec", "-d", "-t", "--console-socket", listener.path, "cli", "/probe", "terminal"});
  ASSERT_EQ(r.code, 0) << r.err;
  int master = listener.Receive();
  ASSERT_GE(master, 0) << "no fd over the console socket";
  std::string out = ReadUntilHangup(master);
  close(master);
  EXPECT_THAT(out, HasSubstr("\"isatty\":[true,true,true]"));
  EXPECT_THAT(out, HasSubstr("\"controlling\":true"));
}

TEST_F(CliTest, ExecProcessWithTerminalTakesItsConsoleSize) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  ConsoleListener listener;
  ASSERT_TRUE(listener.ok);
  std::string process = listener.dir->path() + "/process.json";
  std::ofstream(process) << R"({"terminal": true, "consoleSize": {"height": 21, "width": 77},
      "user": {"uid": 0, "gid": 0}, "cwd": "/", "args": ["/probe", "terminal"]})";
  Result r = Run({"exec", "-d", "--console-socket", listener.path, "--process", process, "cli"});
  ASSERT_EQ(r.code, 0) << r.err;
  int master = listener.Receive();
  ASSERT_GE(master, 0);
  std::string out = ReadUntilHangup(master);
  close(master);
  EXPECT_THAT(out, HasSubstr("\"rows\":21,\"cols\":77"));
}

TEST_F(CliTest, ExecTerminalNeedsSomewhereToGo) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  Result detached = Run({"exec", "-d", "-t", "cli", "/probe", "terminal"});
  EXPECT_NE(detached.code, 0);
  EXPECT_THAT(detached.err, HasSubstr("--console-socket"));
  Result no_tty = Run({"exec", "-d", "--console-socket", "/nonexistent", "cli", "/probe"});
  EXPECT_NE(no_tty.code, 0);
  EXPECT_THAT(no_tty.err, HasSubstr("no terminal"));
}

// A child of this process in the pid namespace of `init`, but not in its
// cgroups, waiting to be killed; -1 on failure.
pid_t ForkIntoPidNamespaceOf(pid_t init) {
  int own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  int theirs = open(absl::StrCat("/proc/", init, "/ns/pid").c_str(), O_RDONLY | O_CLOEXEC);
  pid_t child = -1;
  if (own >= 0 && theirs >= 0 && setns(theirs, CLONE_NEWPID) == 0) {
    child = fork();
    if (child == 0) {
      for (;;) pause();
    }
    // Back to our own namespace for later children (it is still the one
    // this process is in, so setns allows it).
    if (setns(own, CLONE_NEWPID) != 0) ADD_FAILURE() << "setns back: " << strerror(errno);
  }
  if (own >= 0) close(own);
  if (theirs >= 0) close(theirs);
  return child;
}

// Whether child `pid` has exited (not reaping it).
bool HasExited(pid_t pid) {
  siginfo_t info = {};
  return waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

// Whether `pid` is blocked in poll(2) or ppoll(2) (/proc/PID/syscall names
// the call it sits in; x86-64 numbers).
bool InPoll(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/syscall"));
  std::string nr;
  in >> nr;
  return nr == std::to_string(SYS_poll) || nr == std::to_string(SYS_ppoll);
}

// Whether the process behind `pidfd` has finished exiting.
bool Exited(int pidfd) {
  pollfd p = {pidfd, POLLIN, 0};
  return poll(&p, 1, 0) == 1;
}

// A pid namespace's init finishes exiting only once every other process of
// the namespace is reaped, after it has left its cgroups. delete --force
// returns once the init is gone (SPEC LIFE-025): here the other process is
// this test's child, reaped only when the delete waits; a delete that does
// not wait returns while the init is still exiting.
TEST_F(CliTest, DeleteForceReturnsOnceTheInitHasExited) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", "cli"}).out);
  ASSERT_TRUE(st.ok()) << st.status();
  const pid_t init = (*st)["pid"].GetInt();
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, init, 0));
  ASSERT_GE(pidfd, 0) << strerror(errno);
  const pid_t member = ForkIntoPidNamespaceOf(init);
  ASSERT_GT(member, 0) << strerror(errno);
  CaptureFile out, err;
  const pid_t del = StartRuntime(Runfile("tools/nsinit/nsinit"), harness_->state_root(),
                                 {"delete", "--force", "cli"}, -1, out.fd(), err.fd());
  bool reaped = false;
  while (!reaped && !HasExited(del)) {
    if (InPoll(del)) {
      EXPECT_EQ(waitpid(member, nullptr, 0), member);
      reaped = true;
    } else {
      const timespec tick = {0, 1000000};
      nanosleep(&tick, nullptr);  // a polling interval, not a wait for an event
    }
  }
  EXPECT_EQ(WaitExitCode(del), 0) << err.Read();
  EXPECT_TRUE(Exited(pidfd)) << "delete --force returned while the init (pid " << init
                             << ") was still exiting";
  if (!reaped) {
    EXPECT_EQ(waitpid(member, nullptr, 0), member);
  }
  EXPECT_EQ(err.Read(), "");
  EXPECT_FALSE(access((harness_->state_root() + "/cli").c_str(), F_OK) == 0);
  close(pidfd);
}

// The same process never reaped while the delete runs: the wait is bounded,
// the delete succeeds and says what it waited for.
TEST_F(CliTest, DeleteForceWaitsForAnInitHeldByAnUnreapedProcessOnlySoLong) {
  ASSERT_EQ(Run({"run", "-d", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", "cli"}).out);
  ASSERT_TRUE(st.ok()) << st.status();
  const pid_t init = (*st)["pid"].GetInt();
  const pid_t member = ForkIntoPidNamespaceOf(init);
  ASSERT_GT(member, 0) << strerror(errno);
  Result del = Run({"delete", "--force", "cli"});
  EXPECT_EQ(waitpid(member, nullptr, 0), member);
  EXPECT_EQ(del.code, 0) << del.err;
  EXPECT_THAT(del.err, HasSubstr(absl::StrCat("the init pid ", init, " has not finished exiting")));
  EXPECT_FALSE(access((harness_->state_root() + "/cli").c_str(), F_OK) == 0);
}

TEST_F(CliTest, ErrorsAreOneLineNamingWhatFailed) {
  Result missing = Run({"state", "nope"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err, "nsinit: container \"nope\" does not exist\n");
  Result bad_signal = Run({"kill", "nope", "SIGBOGUS"});
  EXPECT_EQ(bad_signal.err, "nsinit: unknown signal \"SIGBOGUS\"\n");
  Result bad_flag = Run({"run", "--bogus", "x"});
  EXPECT_EQ(bad_flag.err, "nsinit: run: unknown flag --bogus (see nsinit run --help)\n");
  EXPECT_EQ(Run({"delete", "--force", "nope"}).code, 0) << "runc's contract";
  ASSERT_EQ(Run({"create", "--bundle", harness_->bundle().path(), "cli"}).code, 0);
  Result dup = Run({"create", "--bundle", harness_->bundle().path(), "cli"});
  EXPECT_EQ(dup.err, "nsinit: container \"cli\" already exists\n");
  EXPECT_EQ(Status("cli"), "created");
}

TEST_F(CliTest, ErrorsGoToTheLogAsJsonLines) {
  std::string log = harness_->state_root() + ".log";
  Result r = Run({"--log", log, "--log-format", "json", "state", "nope"});
  EXPECT_EQ(r.code, 1);
  std::ifstream in(log);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << "nothing written to --log";
  absl::StatusOr<rapidjson::Document> entry = ParseJson(line);
  ASSERT_TRUE(entry.ok()) << line;
  EXPECT_STREQ((*entry)["level"].GetString(), "error");
  EXPECT_STREQ((*entry)["msg"].GetString(), "container \"nope\" does not exist");
  unlink(log.c_str());
}

TEST_F(CliTest, EveryVerbHasHelp) {
  for (const char* verb :
       {"create", "start", "state", "kill", "delete", "run", "exec", "ps", "list", "pause",
        "resume", "events", "update", "spec", "features", "unpause", "stats", "config"}) {
    Result r = Run({verb, "--help"});
    EXPECT_EQ(r.code, 0) << verb;
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("Usage: nsinit ", verb))) << verb;
  }
  Result top = Run({"--help"});
  EXPECT_THAT(top.out, HasSubstr("Verbs:"));
  EXPECT_THAT(top.out, HasSubstr("--systemd-cgroup      read linux.cgroupsPath as systemd's"))
      << "the global flag says what it does";
}

TEST_F(CliTest, SpecWritesAConfigThatRuns) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("spec");
  ASSERT_TRUE(dir.ok());
  ASSERT_EQ(Run({"spec", "--bundle", dir->path()}).code, 0);
  struct stat st;
  EXPECT_EQ(stat((dir->path() + "/config.json").c_str(), &st), 0);
  EXPECT_NE(Run({"spec", "--bundle", dir->path()}).code, 0) << "must not overwrite";
}

}  // namespace
}  // namespace nsinit::integration

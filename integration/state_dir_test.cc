// The state directory owns the container (issues 14 and 21): what create
// saved there is all later verbs read, a directory without state.json is a
// container in `creating` that `delete --force` removes, verbs that change
// a container take its lock, and a runtime killed at any crash point
// (runtime/base/crash_point.h) leaves nothing one `delete --force` does
// not clean up.
//
// NSINIT_LONG_STRESS=1 runs the races and the random kills many more times.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/config/oci_config.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

struct Result {
  int code = -1;
  std::string out, err;
};

bool LongStress() {
  const char* v = getenv("NSINIT_LONG_STRESS");
  return v != nullptr && std::string(v) == "1";
}

// Seccomp: mkdir fails with EPERM; the init sleeps until signalled.
constexpr char kPatch[] = R"({
    "process": {"args": ["/probe", "sleep-until-signal"]},
    "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                          "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}},
    "hooks": {"prestart": [{"path": "/bin/true"}]}})";

class StateDirTest : public ::testing::Test {
 public:  // KillAndCheck drives it
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    // Orphans of a killed runtime (an init it cloned) come to this process,
    // so a test can tell whether any is left.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    absl::StatusOr<Harness> h = Harness::Create(kPatch);
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  void TearDown() override {
    unsetenv("NSINIT_TEST_CRASH_POINTS");
    unsetenv("NSINIT_CRASH_AT");
    if (!harness_) return;
    for (const std::string& id : ids_) Run({"delete", "--force", id});
  }

  std::string NewId(const std::string& stem) {
    std::string id = absl::StrCat("h4-", stem, "-", getpid(), "-", ids_.size());
    ids_.push_back(id);
    return id;
  }

  Result Run(const std::vector<std::string>& args) {
    CaptureFile out, err;
    pid_t pid = StartRuntime(Runfile("tools/nsinit/nsinit"), harness_->state_root(), args, -1,
                             out.fd(), err.fd(), harness_->bundle().path());
    Result r;
    r.code = WaitExitCode(pid);
    r.out = out.Read();
    r.err = err.Read();
    return r;
  }

  // The runtime with crash point `point` armed.
  Result RunCrashing(const std::string& point, const std::vector<std::string>& args) {
    setenv("NSINIT_TEST_CRASH_POINTS", "1", 1);
    setenv("NSINIT_CRASH_AT", point.c_str(), 1);
    Result r = Run(args);
    unsetenv("NSINIT_TEST_CRASH_POINTS");
    unsetenv("NSINIT_CRASH_AT");
    return r;
  }

  std::string Status(const std::string& id, int* pid = nullptr) {
    absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", id}).out);
    if (!st.ok() || !st->IsObject() || !st->HasMember("status")) return "?";
    if (pid != nullptr) *pid = (*st)["pid"].GetInt();
    return (*st)["status"].GetString();
  }

  std::string ListStatus(const std::string& id) {
    absl::StatusOr<rapidjson::Document> list =
        ParseJson(absl::StrCat("{\"l\": ", Run({"list", "--format", "json"}).out, "}"));
    if (!list.ok()) return "?";
    for (const auto& c : (*list)["l"].GetArray()) {
      if (id == c["id"].GetString()) return c["status"].GetString();
    }
    return "absent";
  }

  std::string StateDir(const std::string& id) { return harness_->state_root() + "/" + id; }

  // Cgroup directories named after the container in any hierarchy.
  std::vector<std::string> CgroupDirsOf(const std::string& id) {
    std::vector<std::string> found;
    std::string name = DefaultCgroupName(harness_->state_root(), id);
    DIR* d = opendir("/sys/fs/cgroup");
    if (d == nullptr) return found;
    while (struct dirent* e = readdir(d)) {
      std::string dir = absl::StrCat("/sys/fs/cgroup/", e->d_name, "/", name);
      struct stat st;
      if (e->d_name[0] != '.' && stat(dir.c_str(), &st) == 0) found.push_back(dir);
    }
    closedir(d);
    struct stat st;
    if (stat(("/sys/fs/cgroup/" + name).c_str(), &st) == 0)
      found.push_back("/sys/fs/cgroup/" + name);
    return found;
  }

  // Children of this (subreaper) process still alive 5 s after the
  // question: a runtime's leftovers. Exited ones are reaped as they come
  // (an init in a pid namespace cannot finish exiting before the zombies
  // of processes exec'd into it are reaped).
  std::vector<std::string> LiveOrphans() {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
      while (waitpid(-1, nullptr, WNOHANG) > 0) {
      }
      std::vector<pid_t> children;
      DIR* d = opendir("/proc");
      while (struct dirent* e = readdir(d)) {
        pid_t pid;
        if (!absl::SimpleAtoi(e->d_name, &pid)) continue;
        std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
        std::string line;
        while (std::getline(in, line)) {
          if (line == absl::StrCat("PPid:\t", getpid())) children.push_back(pid);
        }
      }
      closedir(d);
      if (children.empty()) return {};
      struct timespec now;
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (now.tv_sec - start.tv_sec >= 5) {
        std::vector<std::string> alive;
        for (pid_t pid : children) {
          std::string cmd = ReadFile(absl::StrCat("/proc/", pid, "/cmdline"));
          std::replace(cmd.begin(), cmd.end(), '\0', ' ');
          alive.push_back(absl::StrCat(pid, ": ", cmd, " in ",
                                       ReadFile(absl::StrCat("/proc/", pid, "/cgroup"))));
        }
        return alive;
      }
      // Wait (bounded) for any of them to exit.
      std::vector<struct pollfd> fds;
      for (pid_t pid : children) {
        int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
        if (fd >= 0) fds.push_back({fd, POLLIN, 0});
      }
      poll(fds.data(), fds.size(), 200);
      for (const struct pollfd& p : fds) close(p.fd);
    }
  }

  int HostMountsOfBundle() {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) n += absl::StrContains(line, harness_->bundle().path());
    return n;
  }

  // After `delete --force`: nothing of `id` is left, and the ID is usable.
  void ExpectCleanAndReusable(const std::string& id, const std::string& context) {
    Result del = Run({"delete", "--force", id});
    EXPECT_EQ(del.code, 0) << context << ": " << del.err;
    struct stat st;
    EXPECT_NE(stat(StateDir(id).c_str(), &st), 0) << context << ": state directory left";
    EXPECT_THAT(CgroupDirsOf(id), ::testing::IsEmpty()) << context << ": cgroups left";
    EXPECT_THAT(LiveOrphans(), ::testing::IsEmpty()) << context << ": processes left";
    EXPECT_EQ(HostMountsOfBundle(), 0) << context << ": host mounts left";
    EXPECT_EQ(ListStatus(id), "absent") << context;
    Result again = Run({"create", id});
    EXPECT_EQ(again.code, 0) << context << ": the ID is burned: " << again.err;
    EXPECT_EQ(Run({"delete", "--force", id}).code, 0) << context;
  }

  std::optional<Harness> harness_;
  std::vector<std::string> ids_;
};

// Issue 14: exec used to rebuild the process from the bundle's config.json
// as it is at exec time, dropping the seccomp profile once it was edited.
TEST_F(StateDirTest, ExecKeepsSeccompAfterTheBundleConfigIsEditedOrRemoved) {
  std::string id = NewId("seccomp");
  ASSERT_EQ(Run({"create", id}).code, 0);
  ASSERT_EQ(Run({"start", id}).code, 0);
  absl::StatusOr<config::Spec> spec = harness_->Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  spec->linux.seccomp.reset();
  ASSERT_TRUE(harness_->bundle().RewriteConfig(config::ToOciJson(*spec)).ok());
  Result edited = Run({"exec", id, "/bin/grep", "Seccomp:", "/proc/self/status"});
  EXPECT_EQ(edited.code, 0) << edited.err;
  EXPECT_THAT(edited.out, HasSubstr("Seccomp:\t2")) << "exec ran without the container's profile";

  ASSERT_EQ(unlink((harness_->bundle().path() + "/config.json").c_str()), 0);
  Result removed = Run({"exec", id, "/bin/grep", "Seccomp:", "/proc/self/status"});
  EXPECT_EQ(removed.code, 0) << removed.err;
  EXPECT_THAT(removed.out, HasSubstr("Seccomp:\t2"));
  Result mkdir_result = Run({"exec", id, "/bin/mkdir", "/tmp/x"});
  EXPECT_NE(mkdir_result.code, 0) << "mkdir was allowed in exec";
  // The snapshot is private to root.
  struct stat st;
  ASSERT_EQ(stat((StateDir(id) + "/config.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// Issue 21: a state directory without state.json (create killed between
// mkdir and its first save) burned the ID.
TEST_F(StateDirTest, DirectoryWithoutStateFileIsCreatingAndForceDeletable) {
  std::string id = NewId("empty");
  mkdir(harness_->state_root().c_str(), 0700);
  ASSERT_EQ(mkdir(StateDir(id).c_str(), 0711), 0);
  EXPECT_EQ(Status(id), "creating");
  EXPECT_EQ(ListStatus(id), "creating");
  EXPECT_NE(Run({"delete", id}).code, 0) << "delete without --force removed a creating container";
  ExpectCleanAndReusable(id, "empty state directory");
}

TEST_F(StateDirTest, KillAllOfAStoppedContainerFails) {
  std::string id = NewId("killall");
  ASSERT_EQ(Run({"create", id}).code, 0);
  ASSERT_EQ(Run({"start", id}).code, 0);
  ASSERT_EQ(Run({"kill", id, "KILL"}).code, 0);
  // The init was reaped by this subreaper or is a zombie: stopped either way.
  LiveOrphans();
  ASSERT_EQ(Status(id), "stopped");
  EXPECT_NE(Run({"kill", "--all", id, "KILL"}).code, 0);
}

// Issue 14: a delete that cannot remove a cgroup keeps the state, so a
// later delete finds the container and finishes; dropping it then would
// leak the cgroup with nothing left that names it. The obstacle is a bind
// mount on one of the container's cgroup directories (rmdir of a mount
// point is EBUSY whatever the hierarchy), which no SIGKILL removes.
TEST_F(StateDirTest, ADeleteThatCannotRemoveACgroupKeepsTheStateForTheNext) {
  std::string id = NewId("busy");
  ASSERT_EQ(Run({"create", id}).code, 0);
  absl::StatusOr<rapidjson::Document> saved = ParseJson(ReadFile(StateDir(id) + "/state.json"));
  ASSERT_TRUE(saved.ok() && saved->IsObject() && saved->HasMember("nsinit")) << "no state.json";
  std::string cgroup = (*saved)["nsinit"]["cgroupsPath"].GetString();
  if (!absl::StartsWith(cgroup, "/")) cgroup = "/" + cgroup;
  // The container's directory in any hierarchy: v1 controllers, the
  // hybrid host's unified one, or a cgroup2 root.
  std::vector<std::string> dirs;
  DIR* d = opendir("/sys/fs/cgroup");
  ASSERT_NE(d, nullptr);
  while (struct dirent* e = readdir(d)) {
    std::string dir = absl::StrCat("/sys/fs/cgroup/", e->d_name, cgroup);
    struct stat st;
    if (e->d_name[0] != '.' && stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      dirs.push_back(dir);
    }
  }
  closedir(d);
  if (struct stat st; stat(("/sys/fs/cgroup" + cgroup).c_str(), &st) == 0) {
    dirs.push_back("/sys/fs/cgroup" + cgroup);
  }
  if (dirs.empty()) GTEST_SKIP() << "the container got no cgroup directory to keep busy";
  const std::string busy = dirs.front();
  ASSERT_EQ(mount(busy.c_str(), busy.c_str(), nullptr, MS_BIND, nullptr), 0)
      << "mount --bind " << busy << ": " << strerror(errno);
  bool mounted = true;
  absl::Cleanup unmount = [&] {
    if (mounted) umount2(busy.c_str(), MNT_DETACH);
  };

  Result first = Run({"delete", "--force", id});
  EXPECT_NE(first.code, 0) << "delete removed a cgroup that is a mount point?";
  EXPECT_THAT(first.err, HasSubstr("rmdir " + busy)) << "the error names the cgroup";
  EXPECT_THAT(first.err, HasSubstr("EBUSY"));
  struct stat st;
  EXPECT_EQ(stat(StateDir(id).c_str(), &st), 0) << "the state went with the cgroup still there";
  EXPECT_EQ(Status(id), "stopped") << "the init was not killed";
  EXPECT_EQ(ListStatus(id), "stopped");

  ASSERT_EQ(umount2(busy.c_str(), MNT_DETACH), 0) << "umount " << busy << ": " << strerror(errno);
  mounted = false;
  // Stopped now: a plain delete finishes it.
  Result second = Run({"delete", id});
  EXPECT_EQ(second.code, 0) << second.err;
  EXPECT_NE(stat(StateDir(id).c_str(), &st), 0) << "state directory left";
  for (const std::string& dir : dirs) {
    EXPECT_NE(stat(dir.c_str(), &st), 0) << dir << " left";
  }
  EXPECT_THAT(LiveOrphans(), ::testing::IsEmpty()) << "processes left";
  EXPECT_EQ(ListStatus(id), "absent");
}

// Every crash point, the operation that passes it, and what to set up first.
struct CrashCase {
  const char* point;
  const char* op;  // create, start, exec, delete
};

constexpr CrashCase kCrashPoints[] = {
    {"create.state_dir_made", "create"},
    {"create.state_written", "create"},
    {"create.config_saved", "create"},
    {"create.cgroups_made", "create"},
    {"create.start_socket_made", "create"},
    {"create.process_cloned", "create"},
    {"create.process_in_cgroups", "create"},
    {"create.mounts_done", "create"},
    {"create.pid_written", "create"},
    {"create.hooks_run", "create"},
    {"create.init_ready", "create"},
    {"create.created", "create"},
    {"start.connected", "start"},
    {"start.socket_removed", "start"},
    {"start.handshake_done", "start"},
    {"exec.process_cloned", "exec"},
    {"exec.done", "exec"},
    {"delete.locked", "delete"},
    {"delete.cgroups_removed", "delete"},
    {"delete.file_removed", "delete"},
    {"delete.state_removed", "delete"},
};

// Runs `op` on a fresh container with `point` armed (or, when `point` is
// empty, killed by this test after `delay_us`); then checks what state
// says and that one delete --force cleans everything.
void KillAndCheck(StateDirTest* t, const std::string& id, const std::string& op,
                  const std::string& context,
                  const std::function<Result(const std::vector<std::string>&)>& killed_run) {
  if (op != "create") {
    ASSERT_EQ(t->Run({"create", id}).code, 0) << context;
    if (op == "exec") {
      ASSERT_EQ(t->Run({"start", id}).code, 0) << context;
    }
  }
  std::vector<std::string> args;
  if (op == "create") args = {"create", id};
  if (op == "start") args = {"start", id};
  if (op == "exec") args = {"exec", id, "/bin/true"};
  if (op == "delete") args = {"delete", "--force", id};
  Result r = killed_run(args);
  (void)r;
  // Meanwhile state and list tell the truth: the container is there (in
  // a status it can have) or it is gone, and both agree.
  std::string status = t->Status(id);
  std::string listed = t->ListStatus(id);
  if (status == "?") {
    EXPECT_EQ(listed, "absent") << context;
  } else {
    EXPECT_THAT(status, ::testing::AnyOf("creating", "created", "running", "stopped")) << context;
    // An init orphaned by the kill may die between the two questions.
    EXPECT_THAT(listed, ::testing::AnyOf(status, "stopped")) << context;
  }
  if (op == "exec") {
    EXPECT_EQ(status, "running") << context << ": an exec changed the container";
  }
  if (op == "start") {
    EXPECT_THAT(status, ::testing::AnyOf("running", "stopped", "created")) << context;
  }
  t->ExpectCleanAndReusable(id, context);
}

TEST_F(StateDirTest, EveryCrashPointIsCleanedByOneForceDelete) {
  for (const CrashCase& c : kCrashPoints) {
    std::string id = NewId("crash");
    std::string context = absl::StrCat("crash point ", c.point);
    KillAndCheck(this, id, c.op, context, [&](const std::vector<std::string>& args) {
      Result r = RunCrashing(c.point, args);
      EXPECT_EQ(r.code, 128 + SIGKILL) << context << " was not reached: " << r.err;
      return r;
    });
    if (HasFatalFailure()) return;
  }
}

// v1's parent-death SIGKILL, where the caller stays the parent: a
// foreground `run` killed between create and start takes the init with it,
// instead of leaving it waiting for a start that cannot come. (Killed once
// it connected to start, the init sees the handshake end and exits anyway.)
TEST_F(StateDirTest, AForegroundRunKilledBeforeStartTakesTheInitWithIt) {
  std::string id = NewId("pdeath");
  Result r = RunCrashing("create.created", {"run", id});
  ASSERT_EQ(r.code, 128 + SIGKILL) << "create.created was not reached: " << r.err;
  // The pid create saved (`state` says 0 once the init is gone).
  std::ifstream file(StateDir(id) + "/state.json");
  std::stringstream saved;
  saved << file.rdbuf();
  absl::StatusOr<rapidjson::Document> st = ParseJson(saved.str());
  ASSERT_TRUE(st.ok() && st->IsObject() && st->HasMember("pid") && (*st)["pid"].IsInt())
      << "no init pid in " << StateDir(id) << "/state.json: " << saved.str();
  int pid = (*st)["pid"].GetInt();
  ASSERT_GT(pid, 0);
  // The init was reparented to this process (a subreaper): it stays a
  // zombie until reaped here, so its pidfd is valid either way.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  ASSERT_GE(pidfd, 0) << "pidfd_open " << pid << ": " << strerror(errno);
  struct pollfd exited = {pidfd, POLLIN, 0};
  EXPECT_EQ(poll(&exited, 1, 10000), 1) << "the init " << pid << " outlived the runtime";
  close(pidfd);
  waitpid(pid, nullptr, WNOHANG);
}

// Runs the runtime with each argument list at once; their results in order.
std::vector<Result> RunTogether(StateDirTest* t, const std::vector<std::vector<std::string>>& all) {
  std::vector<pid_t> pids;
  std::vector<std::unique_ptr<CaptureFile>> errs;
  for (const auto& args : all) {
    errs.push_back(std::make_unique<CaptureFile>());
    pids.push_back(StartRuntime(Runfile("tools/nsinit/nsinit"), t->harness_->state_root(), args, -1,
                                -1, errs.back()->fd(), t->harness_->bundle().path()));
  }
  std::vector<Result> results;
  for (size_t i = 0; i < pids.size(); ++i) {
    Result r;
    r.code = WaitExitCode(pids[i]);
    r.err = errs[i]->Read();
    results.push_back(r);
  }
  return results;
}

int Winners(const std::vector<Result>& results) {
  int n = 0;
  for (const Result& r : results) n += r.code == 0;
  return n;
}

int Rounds() { return LongStress() ? 200 : 5; }

TEST_F(StateDirTest, TwoCreatesOfOneIdHaveExactlyOneWinner) {
  for (int i = 0; i < Rounds(); ++i) {
    std::string id = NewId("race-create");
    std::vector<Result> r = RunTogether(this, {{"create", id}, {"create", id}});
    ASSERT_EQ(Winners(r), 1) << r[0].err << r[1].err;
    const Result& loser = r[0].code == 0 ? r[1] : r[0];
    EXPECT_THAT(loser.err, HasSubstr("already exists"));
    EXPECT_EQ(Status(id), "created");
    ExpectCleanAndReusable(id, absl::StrCat("two creates, round ", i));
  }
}

TEST_F(StateDirTest, TwoStartsHaveExactlyOneWinner) {
  for (int i = 0; i < Rounds(); ++i) {
    std::string id = NewId("race-start");
    ASSERT_EQ(Run({"create", id}).code, 0);
    std::vector<Result> r = RunTogether(this, {{"start", id}, {"start", id}});
    ASSERT_EQ(Winners(r), 1) << r[0].err << r[1].err;
    EXPECT_EQ(Status(id), "running");
    ExpectCleanAndReusable(id, absl::StrCat("two starts, round ", i));
  }
}

TEST_F(StateDirTest, StartKillOrDeleteAgainstDeleteNeverHalfDeletes) {
  for (int i = 0; i < Rounds(); ++i) {
    for (const char* verb : {"start", "kill", "delete"}) {
      std::string id = NewId(absl::StrCat("race-", verb));
      ASSERT_EQ(Run({"create", id}).code, 0);
      if (std::string(verb) == "kill") {
        ASSERT_EQ(Run({"start", id}).code, 0);
      }
      std::vector<std::string> other = {verb, id};
      if (std::string(verb) == "kill") other.push_back("KILL");
      if (std::string(verb) == "delete") other = {"delete", "--force", id};
      std::vector<Result> r = RunTogether(this, {other, {"delete", "--force", id}});
      EXPECT_EQ(r[1].code, 0) << verb << " round " << i << ": " << r[1].err;
      if (std::string(verb) == "delete") {
        EXPECT_EQ(r[0].code, 0) << "two deletes --force, round " << i << ": " << r[0].err;
      } else if (r[0].code != 0) {
        EXPECT_THAT(r[0].err, ::testing::AnyOf(HasSubstr("does not exist"),
                                               HasSubstr("not running"), HasSubstr("stopped")))
            << verb << " round " << i;
      }
      // Deleted for good: a second delete finds nothing, the ID is free.
      ExpectCleanAndReusable(id, absl::StrCat(verb, " against delete, round ", i));
    }
  }
}

TEST_F(StateDirTest, FiftyConcurrentExecsAllRun) {
  std::string id = NewId("race-exec");
  ASSERT_EQ(Run({"create", id}).code, 0);
  ASSERT_EQ(Run({"start", id}).code, 0);
  std::vector<std::vector<std::string>> execs(50, {"exec", id, "/bin/true"});
  std::vector<Result> r = RunTogether(this, execs);
  EXPECT_EQ(Winners(r), 50);
  EXPECT_EQ(Status(id), "running");
  ExpectCleanAndReusable(id, "fifty execs");
}

// start, kill and exec from a create's own hook refuse at once (the
// container is still being created) instead of waiting for the lock the
// create holds until the hook's timeout.
TEST_F(StateDirTest, VerbsFromACreateHookDoNotWaitForTheCreate) {
  std::string id = NewId("hook-calls");
  std::string rc = harness_->bundle().path() + "/hook-rc";
  std::string script =
      absl::StrCat("cat > /dev/null; n=\"$0\"; r=\"$1\"; i=\"$2\"; ",
                   "\"$n\" --root \"$r\" kill \"$i\" KILL 2>/dev/null; echo $? > ", rc, "; ",
                   "\"$n\" --root \"$r\" start \"$i\" 2>/dev/null; echo $? >> ", rc, "; ",
                   "\"$n\" --root \"$r\" exec \"$i\" /bin/true 2>/dev/null; echo $? >> ", rc);
  std::string patch = absl::StrCat(
      R"({"hooks": {"createRuntime": [{"path": "/bin/sh", "timeout": 10, "args": ["sh", "-c", )",
      "\"", absl::StrReplaceAll(script, {{"\\", "\\\\"}, {"\"", "\\\""}}), "\", \"",
      Runfile("tools/nsinit/nsinit"), "\", \"", harness_->state_root(), "\", \"", id, "\"]}]}}");
  absl::Status patched = harness_->Repatch(patch);
  ASSERT_TRUE(patched.ok()) << patched << "\n" << patch;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  Result create = Run({"create", id});
  clock_gettime(CLOCK_MONOTONIC, &t1);
  EXPECT_EQ(create.code, 0) << create.err;
  EXPECT_LT(t1.tv_sec - t0.tv_sec, 8) << "a verb in the hook waited for the create";
  EXPECT_EQ(ReadFile(rc), "1\n1\n255\n");
  EXPECT_EQ(Status(id), "created");
}

// Kills at random moments, across the four operations.
TEST_F(StateDirTest, RandomKillsLeaveNothingBehind) {
  // 100 kills of each operation in the long version.
  const int kills = LongStress() ? 400 : 20;
  std::mt19937 rng(static_cast<unsigned>(getpid()));
  const char* ops[] = {"create", "start", "exec", "delete"};
  for (int i = 0; i < kills; ++i) {
    std::string op = ops[i % 4];
    int delay_us = static_cast<int>(rng() % 60000);
    std::string id = NewId("random");
    std::string context = absl::StrCat("random kill ", i, " of ", op, " after ", delay_us, " us");
    KillAndCheck(this, id, op, context, [&](const std::vector<std::string>& args) {
      CaptureFile out, err;
      pid_t pid = StartRuntime(Runfile("tools/nsinit/nsinit"), harness_->state_root(), args, -1,
                               out.fd(), err.fd(), harness_->bundle().path());
      struct timespec ts = {0, delay_us * 1000L};
      nanosleep(&ts, nullptr);  // the random moment, not a synchronisation
      kill(pid, SIGKILL);
      Result r;
      r.code = WaitExitCode(pid);
      return r;
    });
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace nsinit::integration

// Debian's containerd 1.6 drives nsinit through its runc v2 shim
// (`ctr run --runc-binary`), against a containerd of the test's own: root,
// state and gRPC socket under the test's temp dirs, CRI off. The rootfs is a
// busybox directory given with `ctr run --rootfs`, so no image is needed.
// The runtime the shim calls is a wrapper that records each command line
// and execs nsinit. What the cases below made the shim send (containerd
// 1.6.20, runc v2 shim; ROOT is /run/containerd/runc/NAMESPACE, B the task's
// bundle STATE/io.containerd.runtime.v2.task/NAMESPACE/ID; every line starts
// with `--root ROOT --log B/log.json --log-format json`):
//   create --bundle B --pid-file B/init.pid [--console-socket /tmp/ptyN/pty.sock] ID
//   start ID
//   exec --process /tmp/runc-processN [--console-socket S] --detach --pid-file B/EXEC.pid ID
//   ps --format json ID
//   pause ID
//   resume ID
//   kill ID 9
//   delete ID, then delete --force ID
// (the test prints what it recorded). The shim's `update` is not reachable
// from ctr 1.6 (it has no `task update`); docker_test's `docker update`
// goes through the same shim call (runc update --resources -).
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/engine_host.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kContainerd[] = "/usr/bin/containerd";
constexpr char kCtr[] = "/usr/bin/ctr";
constexpr char kShim[] = "/usr/bin/containerd-shim-runc-v2";

// Pids whose command line mentions `needle` (the shims of our namespace).
std::vector<pid_t> ProcessesMentioning(const std::string& needle) {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  while (dirent* e = readdir(proc)) {
    pid_t pid;
    if (!absl::SimpleAtoi(e->d_name, &pid) || pid == getpid()) continue;
    std::string cmdline = ReadFile(absl::StrCat("/proc/", pid, "/cmdline"));
    if (absl::StrContains(cmdline, needle)) pids.push_back(pid);
  }
  closedir(proc);
  return pids;
}

class ContainerdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::NeedRoot().ok() || !testing::NeedBinary(kContainerd).ok() ||
        !testing::NeedBinary(kCtr).ok() || !testing::NeedBinary(kShim).ok()) {
      return;
    }
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("containerd");
    if (!dir.ok()) return;
    dir_ = new testing::TempDir(*std::move(dir));
    // Socket paths must fit in 108 bytes: a short directory of their own.
    char run[] = "/run/nsinit-ctd-XXXXXX";
    if (mkdtemp(run) == nullptr) return;
    run_ = run;
    namespace_ = absl::StrCat("nsinit-test-", getpid());
    missing_run_dirs_ = MissingContainerdRunDirs();
    std::string d = dir_->path();
    std::ofstream(d + "/config.toml")
        << "version = 2\n"
        << "root = \"" << d << "/root\"\n"
        << "state = \"" << run_ << "/state\"\n"
        << "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
        << "[grpc]\n  address = \"" << run_ << "/c.sock\"\n"
        << "[ttrpc]\n  address = \"" << run_ << "/c.sock.ttrpc\"\n"
        << "[debug]\n  address = \"\"\n"
        << "[plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"" << d << "/opt\"\n";
    // The runtime the shim calls: records its command line, then is nsinit.
    std::ofstream(d + "/runtime") << "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " << d
                                  << "/cmdlines\nexec " << Runfile("tools/nsinit/nsinit")
                                  << " \"$@\"\n";
    chmod((d + "/runtime").c_str(), 0755);
    Result started = Shell(absl::StrCat("setsid ", kContainerd, " --config ", d, "/config.toml > ",
                                        d, "/containerd.log 2>&1 < /dev/null & echo $!"));
    // No pid printed: containerd did not start; ready_ stays false.
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(started.out), &containerd_)) return;
    // Ready when the API answers (`ctr version` connects to the socket);
    // the loop only bridges the time before the socket exists (60s).
    for (int64_t deadline = NowMs() + 60000; NowMs() < deadline && Alive(containerd_);) {
      if (Ctr({"version"}).code == 0) {
        ready_ = true;
        break;
      }
      usleep(100 * 1000);
    }
    rootfs_ok_ = testing::RootfsBuilder()
                     .SetSharing(testing::RootfsBuilder::Sharing::kCopy)
                     .Build(dir_->Sub("rootfs"))
                     .ok();
  }

  static void TearDownTestSuite() {
    if (dir_ == nullptr) return;
    std::string d = dir_->path();
    if (ready_) {
      for (const char* id : {"rm1", "rm2", "tty", "det"}) {
        Ctr({"task", "kill", "-s", "SIGKILL", id});
        Ctr({"task", "delete", "--force", id});
        Ctr({"container", "delete", id});
      }
    }
    printf("command lines the shim sent:\n%s", ReadFile(d + "/cmdlines").c_str());
    if (Alive(containerd_)) kill(containerd_, SIGTERM);
    for (int64_t deadline = NowMs() + 30000; Alive(containerd_) && NowMs() < deadline;) {
      usleep(50 * 1000);
    }
    EXPECT_FALSE(Alive(containerd_)) << "containerd still runs";
    if (Alive(containerd_)) kill(containerd_, SIGKILL);
    // No shim of ours is left (they exit once their tasks are deleted).
    EXPECT_EQ(ProcessesMentioning(run_ + "/c.sock").size(), 0u) << "a shim is left";
    std::string mounts = ReadFile("/proc/self/mountinfo");
    EXPECT_FALSE(absl::StrContains(mounts, d)) << "mounts left below " << d;
    EXPECT_FALSE(absl::StrContains(mounts, run_)) << "mounts left below " << run_;
    EXPECT_FALSE(absl::StrContains(mounts, namespace_)) << "mounts of " << namespace_ << " left";
    // ctr puts containers in /NAMESPACE/ID: nothing may be left below it.
    for (const char* h : {"memory", "pids", "cpu", "cpuacct", "cpuset", "devices", "freezer",
                          "blkio", "systemd", "hugetlb", "unified"}) {
      std::string path = absl::StrCat("/sys/fs/cgroup/", h, "/", namespace_);
      struct stat st;
      if (stat(path.c_str(), &st) != 0) continue;
      EXPECT_EQ(Shell(absl::StrCat("find ", path, " -mindepth 1 -type d")).out, "")
          << "cgroups left below " << path;
      rmdir(path.c_str());
    }
    // The shim's runc root, /run/containerd/runc/NAMESPACE (made by nsinit).
    EXPECT_EQ(Shell(absl::StrCat("ls -A /run/containerd/runc/", namespace_)).out, "");
    rmdir(absl::StrCat("/run/containerd/runc/", namespace_).c_str());
    for (const std::string& made : missing_run_dirs_) rmdir(made.c_str());
    Shell(absl::StrCat("umount -R ", d, " 2>/dev/null; umount -R ", run_, " 2>/dev/null; rm -rf ",
                       run_));
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    SKIP_UNLESS(testing::NeedBinary(kContainerd));
    SKIP_UNLESS(testing::NeedBinary(kCtr));
    SKIP_UNLESS(testing::NeedBinary(kShim));
    ASSERT_TRUE(ready_) << "containerd did not start: "
                        << (dir_ ? ReadFile(dir_->Sub("containerd.log")) : "");
    ASSERT_TRUE(rootfs_ok_);
  }

  static Result Ctr(const std::vector<std::string>& args) {
    return Shell(absl::StrCat(kCtr, " --address ", run_, "/c.sock -n ", namespace_, " ",
                              absl::StrJoin(args, " ")));
  }
  // ctr run with nsinit as the shim's runtime and the busybox directory.
  static std::vector<std::string> RunArgs(const std::vector<std::string>& flags,
                                          const std::string& id,
                                          const std::vector<std::string>& command) {
    std::vector<std::string> all = {"run", "--runc-binary", dir_->Sub("runtime")};
    all.insert(all.end(), flags.begin(), flags.end());
    all.push_back("--rootfs");
    all.push_back(dir_->Sub("rootfs"));
    all.push_back(id);
    all.insert(all.end(), command.begin(), command.end());
    return all;
  }
  // Under a pty of its own (script(1)): ctr -t needs a terminal.
  static Result WithPty(const std::vector<std::string>& args) {
    return Shell(absl::StrCat("script -qec \"", kCtr, " --address ", run_, "/c.sock -n ",
                              namespace_, " ", absl::StrJoin(args, " "), "\" /dev/null"));
  }
  static std::string TaskStatus(const std::string& id) {
    Result ls = Ctr({"task", "ls"});
    for (absl::string_view line : absl::StrSplit(ls.out, '\n')) {
      std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (f.size() >= 3 && f[0] == id) return f[2];
    }
    return "";
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline std::string run_;
  static inline std::string namespace_;
  static inline pid_t containerd_ = 0;
  static inline bool ready_ = false;
  static inline bool rootfs_ok_ = false;
  static inline std::vector<std::string> missing_run_dirs_;
};

TEST_F(ContainerdTest, RunRmShowsOutputAndExitStatus) {
  Result r = Ctr(RunArgs({"--rm"}, "rm1", {"echo", "hello-from-nsinit"}));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("hello-from-nsinit"));
  Result failed = Ctr(RunArgs({"--rm"}, "rm2", {"sh", "-c", "'exit 7'"}));
  EXPECT_EQ(failed.code, 7) << failed.out;
}

TEST_F(ContainerdTest, RunWithATerminal) {
  Result r =
      WithPty(RunArgs({"--rm", "-t"}, "tty", {"sh", "-c", "'tty; test -t 0 && echo is-a-tty'"}));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("/dev/pts/"));
  EXPECT_THAT(r.out, HasSubstr("is-a-tty"));
}

TEST_F(ContainerdTest, DetachedTaskLifecycle) {
  Result run = Ctr(RunArgs({"-d"}, "det", {"sh", "-c", "'while true; do sleep 1; done'"}));
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_EQ(TaskStatus("det"), "RUNNING");
  Result exec = Ctr({"task", "exec", "--exec-id", "e1", "det", "sh", "-c", "'echo exec-ok; ps'"});
  EXPECT_EQ(exec.code, 0) << exec.out;
  EXPECT_THAT(exec.out, HasSubstr("exec-ok"));
  EXPECT_THAT(exec.out, HasSubstr("while true"));
  EXPECT_EQ(Ctr({"task", "exec", "--exec-id", "e2", "det", "sh", "-c", "'exit 3'"}).code, 3);
  Result tty = WithPty({"task", "exec", "-t", "--exec-id", "e3", "det", "tty"});
  EXPECT_THAT(tty.out, HasSubstr("/dev/pts/")) << tty.out;
  Result ps = Ctr({"task", "ps", "det"});
  EXPECT_EQ(ps.code, 0) << ps.out;
  EXPECT_THAT(ps.out, HasSubstr("PID"));
  Result metrics = Ctr({"task", "metrics", "--format", "json", "det"});
  EXPECT_EQ(metrics.code, 0) << metrics.out;
  EXPECT_THAT(metrics.out, HasSubstr("memory"));
  EXPECT_THAT(metrics.out, HasSubstr("pids"));
  ASSERT_EQ(Ctr({"task", "pause", "det"}).code, 0);
  EXPECT_EQ(TaskStatus("det"), "PAUSED");
  ASSERT_EQ(Ctr({"task", "resume", "det"}).code, 0);
  EXPECT_EQ(TaskStatus("det"), "RUNNING");
  ASSERT_EQ(Ctr({"task", "kill", "-s", "SIGKILL", "det"}).code, 0);
  std::string status;
  for (int64_t deadline = NowMs() + 10000; NowMs() < deadline;) {
    status = TaskStatus("det");
    if (status == "STOPPED") break;
    usleep(20 * 1000);
  }
  EXPECT_EQ(status, "STOPPED");
  Result del = Ctr({"task", "delete", "det"});
  EXPECT_EQ(del.code, 0) << del.out;
  EXPECT_EQ(Ctr({"container", "delete", "det"}).code, 0);
  std::string cmdlines = ReadFile(dir_->Sub("cmdlines"));
  for (const char* verb :
       {" create ", " start ", " exec ", " pause ", " resume ", " ps ", " kill ", " delete "}) {
    EXPECT_THAT(cmdlines, HasSubstr(verb));
  }
  // The shim's --root, made whole by nsinit.
  EXPECT_THAT(cmdlines, HasSubstr(absl::StrCat("--root /run/containerd/runc/", namespace_)));
}

}  // namespace
}  // namespace nsinit::integration

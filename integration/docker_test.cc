// Debian's docker.io (20.10) drives nsinit as its OCI runtime, through the
// containerd and runc v2 shim dockerd starts under its exec-root.
//
// The test starts a dockerd of its own: private socket, data root, exec root
// and pid file under the test's temp dir, --bridge=none --iptables=false
// --ip-masq=false (no host network change), containers under a cgroup
// parent of its own, and `--add-runtime nsinit=PATH --default-runtime
// nsinit`. The image is a busybox rootfs imported offline (`docker import`).
// At the end the daemon is stopped and the test checks that no process,
// mount or cgroup of it is left.
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

constexpr char kDockerd[] = "/usr/sbin/dockerd";
constexpr char kDocker[] = "/usr/bin/docker";
constexpr char kImage[] = "nsinit-test-busybox:latest";

pid_t ReadPid(const std::string& path) {
  pid_t pid = 0;
  std::string text = ReadFile(path);
  return absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &pid) ? pid : 0;
}

// One dockerd for the whole suite: starting it takes seconds.
class DockerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::NeedRoot().ok() || !testing::NeedBinary(kDockerd).ok() ||
        !testing::NeedBinary(kDocker).ok()) {
      return;
    }
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("docker");
    if (!dir.ok()) return;
    dir_ = new testing::TempDir(*std::move(dir));
    cgroup_parent_ = absl::StrCat("/nsinit-docker-test-", getpid());
    missing_run_dirs_ = MissingContainerdRunDirs();
    // Unix socket paths (dockerd's, and containerd's under the exec root)
    // must fit in 108 bytes: those live in a short directory of their own.
    char run[] = "/run/nsinit-dk-XXXXXX";
    if (mkdtemp(run) == nullptr) return;
    run_ = run;
    std::string d = dir_->path();
    Result started = Shell(
        absl::StrCat("setsid ", kDockerd, " --host unix://", run_, "/docker.sock --data-root ", d,
                     "/data --exec-root ", run_, "/exec --pidfile ", run_,
                     "/docker.pid --bridge=none --iptables=false --ip6tables=false --ip-masq=false"
                     " --storage-driver vfs --cgroup-parent ",
                     cgroup_parent_, " --add-runtime nsinit=", Runfile("tools/nsinit/nsinit"),
                     " --default-runtime nsinit > ", d, "/dockerd.log 2>&1 < /dev/null &"));
    if (started.code != 0) return;
    // Ready when the API answers: `docker version` blocks on the socket, the
    // loop only bridges the time before dockerd has made it (deadline 60s).
    for (int64_t deadline = NowMs() + 60000; NowMs() < deadline;) {
      if (Docker({"version"}).code == 0) {
        ready_ = true;
        break;
      }
      usleep(100 * 1000);
    }
    if (!ready_) return;
    ASSERT_TRUE(testing::RootfsBuilder()
                    .SetSharing(testing::RootfsBuilder::Sharing::kCopy)
                    .AddFile("/etc/passwd",
                             "root:x:0:0:root:/root:/bin/sh\n"
                             "nobody:x:65534:65534:nobody:/:/bin/sh\n")
                    .Build(dir_->Sub("rootfs"))
                    .ok());
    imported_ = Shell(absl::StrCat("tar -C ", dir_->Sub("rootfs"), " -c . | ", kDocker,
                                   " -H unix://", run_, "/docker.sock import - ", kImage));
  }

  static void TearDownTestSuite() {
    if (dir_ == nullptr) return;
    std::string d = dir_->path();
    pid_t dockerd = ReadPid(run_ + "/docker.pid");
    pid_t containerd = ReadPid(run_ + "/exec/containerd/containerd.pid");
    if (ready_) {
      Docker({"rm", "-f", "$(", kDocker, "-H", absl::StrCat("unix://", run_, "/docker.sock"), "ps",
              "-aq", ")"});
      Docker({"rmi", "-f", kImage});
    }
    // dockerd stops the containerd it started, then exits.
    if (Alive(dockerd)) kill(dockerd, SIGTERM);
    for (int64_t deadline = NowMs() + 30000;
         (Alive(dockerd) || Alive(containerd)) && NowMs() < deadline;) {
      usleep(50 * 1000);
    }
    EXPECT_FALSE(Alive(dockerd)) << "dockerd " << dockerd << " still runs";
    EXPECT_FALSE(Alive(containerd)) << "containerd " << containerd << " still runs";
    if (Alive(dockerd)) kill(dockerd, SIGKILL);
    if (Alive(containerd)) kill(containerd, SIGKILL);
    // Nothing mounted below the temp dir, no cgroup of the containers left.
    std::string mounts = ReadFile("/proc/self/mountinfo");
    EXPECT_FALSE(absl::StrContains(mounts, d)) << "mounts left below " << d;
    EXPECT_FALSE(absl::StrContains(mounts, run_)) << "mounts left below " << run_;
    for (const char* h : {"memory", "pids", "cpu", "devices", "freezer", "unified"}) {
      std::string path = absl::StrCat("/sys/fs/cgroup/", h, cgroup_parent_);
      struct stat st;
      if (stat(path.c_str(), &st) != 0) continue;
      // dockerd makes the parent; its containers' cgroups must be gone.
      Result children = Shell(absl::StrCat("find ", path, " -mindepth 1 -type d"));
      EXPECT_EQ(children.out, "") << "cgroups left below " << path;
      rmdir(path.c_str());
    }
    for (const char* h : {"cpuset", "cpuacct", "blkio", "systemd", "net_cls", "hugetlb"}) {
      rmdir(absl::StrCat("/sys/fs/cgroup/", h, cgroup_parent_).c_str());
    }
    Shell(absl::StrCat("umount -R ", d, " 2>/dev/null; umount -R ", run_, " 2>/dev/null; rm -rf ",
                       run_));
    for (const std::string& made : missing_run_dirs_) rmdir(made.c_str());
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    SKIP_UNLESS(testing::NeedBinary(kDockerd));
    SKIP_UNLESS(testing::NeedBinary(kDocker));
    ASSERT_TRUE(ready_) << "dockerd did not start: "
                        << (dir_ ? ReadFile(dir_->Sub("dockerd.log")) : "");
    ASSERT_EQ(imported_.code, 0) << imported_.out;
  }

  static Result Docker(const std::vector<std::string>& args) {
    return Shell(
        absl::StrCat(kDocker, " -H unix://", run_, "/docker.sock ", absl::StrJoin(args, " ")));
  }
  // docker run with no network (nothing on the host changes).
  static Result Run(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"run", "--network", "none"};
    all.insert(all.end(), args.begin(), args.end());
    return Docker(all);
  }
  // Under a pty of its own (script(1)): `docker run -t` and `exec -t` need
  // the client's stdin to be a terminal.
  static Result WithPty(const std::vector<std::string>& args) {
    return Shell(absl::StrCat("script -qec \"", kDocker, " -H unix://", run_, "/docker.sock ",
                              absl::StrJoin(args, " "), "\" /dev/null"));
  }
  static std::string Inspect(const std::string& name, const std::string& format) {
    return std::string(
        absl::StripAsciiWhitespace(Docker({"inspect", "-f", "'" + format + "'", name}).out));
  }
  // The v1 (or v2) cgroup file `file` of container `name`'s init.
  static std::string CgroupFile(const std::string& name, const std::string& controller,
                                const std::string& file) {
    std::string cg = ReadFile(absl::StrCat("/proc/", Inspect(name, "{{.State.Pid}}"), "/cgroup"));
    for (absl::string_view line : absl::StrSplit(cg, '\n')) {
      std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits(':', 2));
      if (f.size() != 3) continue;
      std::vector<std::string> ctrls = absl::StrSplit(f[1], ',');
      if (std::find(ctrls.begin(), ctrls.end(), controller) == ctrls.end()) continue;
      return std::string(absl::StripAsciiWhitespace(
          ReadFile(absl::StrCat("/sys/fs/cgroup/", f[1], f[2], "/", file))));
    }
    return "";
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline std::string cgroup_parent_;
  static inline std::string run_;
  static inline std::vector<std::string> missing_run_dirs_;
  static inline bool ready_ = false;
  static inline Result imported_;
};

TEST_F(DockerTest, RunRmShowsOutputAndExitStatus) {
  Result r = Run({"--rm", kImage, "echo", "hello-from-nsinit"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("hello-from-nsinit"));
  EXPECT_EQ(Run({"--rm", kImage, "sh", "-c", "'exit 7'"}).code, 7);
}

TEST_F(DockerTest, RunWithATerminal) {
  Result r = WithPty({"run", "--rm", "-t", "--network", "none", kImage, "sh", "-c",
                      "'tty; test -t 0 && echo is-a-tty'"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("/dev/pts/"));
  EXPECT_THAT(r.out, HasSubstr("is-a-tty"));
}

TEST_F(DockerTest, DetachedLifecycle) {
  Result run = Run({"-d", "--name", "life", kImage, "sh", "-c",
                    "'echo started; trap \"exit 0\" TERM; while true; do sleep 1; done'"});
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_EQ(Inspect("life", "{{.State.Status}}"), "running");
  Result exec = Docker({"exec", "life", "sh", "-c", "'echo exec-ok; ps'"});
  EXPECT_EQ(exec.code, 0) << exec.out;
  EXPECT_THAT(exec.out, HasSubstr("exec-ok"));
  EXPECT_THAT(exec.out, HasSubstr("while true"));
  EXPECT_EQ(Docker({"exec", "life", "sh", "-c", "'exit 3'"}).code, 3);
  Result tty = WithPty({"exec", "-t", "life", "tty"});
  EXPECT_THAT(tty.out, HasSubstr("/dev/pts/"));
  EXPECT_THAT(Docker({"logs", "life"}).out, HasSubstr("started"));
  Result top = Docker({"top", "life"});
  EXPECT_EQ(top.code, 0) << top.out;
  EXPECT_THAT(top.out, HasSubstr("while true"));
  ASSERT_EQ(Docker({"pause", "life"}).code, 0);
  EXPECT_EQ(Inspect("life", "{{.State.Status}}"), "paused");
  EXPECT_EQ(CgroupFile("life", "freezer", "freezer.state"), "FROZEN");
  ASSERT_EQ(Docker({"unpause", "life"}).code, 0);
  EXPECT_EQ(Inspect("life", "{{.State.Status}}"), "running");
  // TERM, which the process handles: exit 0.
  EXPECT_EQ(Docker({"stop", "-t", "10", "life"}).code, 0);
  EXPECT_EQ(Inspect("life", "{{.State.Status}} {{.State.ExitCode}}"), "exited 0");
  EXPECT_EQ(Docker({"rm", "life"}).code, 0);
}

TEST_F(DockerTest, StopKillsWhatIgnoresTerm) {
  ASSERT_EQ(Run({"-d", "--name", "stubborn", kImage, "sh", "-c",
                 "'trap \"\" TERM; while true; do sleep 1; done'"})
                .code,
            0);
  EXPECT_EQ(Docker({"stop", "-t", "1", "stubborn"}).code, 0);
  EXPECT_EQ(Inspect("stubborn", "{{.State.ExitCode}}"), "137");
  ASSERT_EQ(Run({"-d", "--name", "killed", kImage, "sleep", "1000"}).code, 0);
  EXPECT_EQ(Docker({"kill", "killed"}).code, 0);
  EXPECT_EQ(Inspect("killed", "{{.State.Status}} {{.State.ExitCode}}"), "exited 137");
  ASSERT_EQ(Run({"-d", "--name", "forced", kImage, "sleep", "1000"}).code, 0);
  EXPECT_EQ(Docker({"rm", "-f", "stubborn", "killed", "forced"}).code, 0);
  EXPECT_THAT(Docker({"ps", "-a", "--format", "'{{.Names}}'"}).out,
              ::testing::Not(HasSubstr("forced")));
}

TEST_F(DockerTest, UpdateReachesTheCgroupAndStatsShowIt) {
  ASSERT_EQ(Run({"-d", "--name", "upd", kImage, "sleep", "1000"}).code, 0);
  Result u = Docker({"update", "--memory", "64m", "--memory-swap", "128m", "--cpus", "0.5",
                     "--pids-limit", "50", "upd"});
  ASSERT_EQ(u.code, 0) << u.out;
  EXPECT_EQ(CgroupFile("upd", "memory", "memory.limit_in_bytes"), "67108864");
  EXPECT_EQ(CgroupFile("upd", "pids", "pids.max"), "50");
  EXPECT_EQ(CgroupFile("upd", "cpu", "cpu.cfs_quota_us"), "50000");
  Result stats =
      Docker({"stats", "--no-stream", "--format", "'{{.MemUsage}} pids={{.PIDs}}'", "upd"});
  EXPECT_EQ(stats.code, 0) << stats.out;
  EXPECT_THAT(stats.out, HasSubstr("/ 64MiB"));
  EXPECT_THAT(stats.out, HasSubstr("pids=1"));
  EXPECT_EQ(Docker({"rm", "-f", "upd"}).code, 0);
}

TEST_F(DockerTest, OomKillIsReported) {
  Result r = Run({"--name", "oom", "-m", "16m", "--memory-swap", "16m", kImage, "sh", "-c",
                  "'x=a; while true; do x=$x$x; done'"});
  EXPECT_EQ(r.code, 137) << r.out;
  EXPECT_EQ(Inspect("oom", "{{.State.OOMKilled}}"), "true");
  Docker({"rm", "-f", "oom"});
}

TEST_F(DockerTest, SecuritySettings) {
  Result ro = Run({"--rm", "--read-only", kImage, "touch", "/x"});
  EXPECT_NE(ro.code, 0);
  EXPECT_THAT(ro.out, HasSubstr("Read-only file system"));
  EXPECT_THAT(Run({"--rm", "--user", "65534:65534", kImage, "id"}).out,
              HasSubstr("uid=65534(nobody) gid=65534"));
  // Only CAP_NET_ADMIN (bit 12): 0x1000.
  Result caps = Run({"--rm", "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", kImage, "grep",
                     "CapEff", "/proc/self/status"});
  EXPECT_THAT(caps.out, HasSubstr("0000000000001000")) << caps.out;
  EXPECT_THAT(Run({"--rm", "--security-opt", "no-new-privileges", kImage, "grep", "NoNewPrivs",
                   "/proc/self/status"})
                  .out,
              HasSubstr("NoNewPrivs:\t1"));
  std::string profile = dir_->Sub("seccomp.json");
  std::ofstream(profile) << R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)"
                         << R"({"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]})";
  Result seccomp = Run({"--rm", "--security-opt", "seccomp=" + profile, kImage, "mkdir", "/tmp/x"});
  EXPECT_NE(seccomp.code, 0);
  EXPECT_THAT(seccomp.out, HasSubstr("Operation not permitted"));
}

TEST_F(DockerTest, DevicesTmpfsAndBinds) {
  Result dev = Run({"--rm", "--device", "/dev/null:/dev/mynull", kImage, "sh", "-c",
                    "'ls -l /dev/mynull && echo x > /dev/mynull && echo dev-ok'"});
  EXPECT_THAT(dev.out, HasSubstr("1,   3"));
  EXPECT_THAT(dev.out, HasSubstr("dev-ok"));
  Result tmpfs =
      Run({"--rm", "--tmpfs", "/scratch:size=1m", kImage, "grep", "/scratch", "/proc/mounts"});
  EXPECT_THAT(tmpfs.out, HasSubstr("tmpfs /scratch tmpfs"));
  EXPECT_THAT(tmpfs.out, HasSubstr("size=1024k"));
  std::string vol = dir_->Sub("vol");
  mkdir(vol.c_str(), 0755);
  std::ofstream(vol + "/f") << "from-the-host";
  EXPECT_THAT(Run({"--rm", "-v", vol + ":/v", kImage, "cat", "/v/f"}).out,
              HasSubstr("from-the-host"));
  EXPECT_EQ(Run({"--rm", "-v", vol + ":/v:ro", kImage, "touch", "/v/g"}).code, 1);
}

// --pid and --ipc container:X: the runtime joins the namespaces by path.
TEST_F(DockerTest, JoinsAnotherContainersNamespaces) {
  ASSERT_EQ(Run({"-d", "--name", "donor", "--ipc", "shareable", kImage, "sleep", "1000"}).code, 0);
  std::string pid = Inspect("donor", "{{.State.Pid}}");
  Result r = Run({"--rm", "--pid", "container:donor", "--ipc", "container:donor", kImage, "sh",
                  "-c", "'readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; ps'"});
  EXPECT_EQ(r.code, 0) << r.out;
  for (const char* ns : {"ipc", "pid"}) {
    char link[64] = {};
    ASSERT_GT(readlink(absl::StrCat("/proc/", pid, "/ns/", ns).c_str(), link, sizeof(link) - 1), 0);
    EXPECT_THAT(r.out, HasSubstr(link)) << ns;
  }
  EXPECT_THAT(r.out, HasSubstr("sleep 1000"));  // the donor's process is visible
  EXPECT_EQ(Docker({"rm", "-f", "donor"}).code, 0);
}

TEST_F(DockerTest, RestartOnFailure) {
  ASSERT_EQ(
      Run({"-d", "--name", "again", "--restart", "on-failure:2", kImage, "sh", "-c", "'exit 3'"})
          .code,
      0);
  // dockerd restarts it twice (100 ms, then 200 ms back-off) and gives up.
  std::string seen;
  for (int64_t deadline = NowMs() + 30000; NowMs() < deadline;) {
    seen = Inspect("again", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}");
    if (seen == "2 exited 3") break;
    usleep(100 * 1000);
  }
  EXPECT_EQ(seen, "2 exited 3");
  Docker({"rm", "-f", "again"});
}

}  // namespace
}  // namespace nsinit::integration

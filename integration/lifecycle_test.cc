// The lifecycle through the library: create/start/state/signal/wait/
// destroy, their errors, and that nothing is left behind.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/cgroups/manager.h"
#include "runtime/config/oci_config.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/mount_table.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h = Harness::Create(
        R"({"process": {"args": ["/probe", "sleep-until-signal"]},
            "linux": {"resources": {"memory": {"limit": 67108864}, "pids": {"limit": 32}}}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
    absl::StatusOr<config::Spec> spec = harness_->Spec();
    ASSERT_TRUE(spec.ok()) << spec.status();
    spec_ = *spec;
  }

  // Reads the "ready" line the probe prints once its signals are blocked,
  // so a signal sent after this cannot be lost: no sleep needed.
  void WaitReady(int fd) {
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n') {
    }
  }

  std::optional<Harness> harness_;
  config::Spec spec_;
};

TEST_F(LifecycleTest, CreatedThenRunningThenStopped) {
  int out[2];
  ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
  CreateOptions o = harness_->Options("life");
  o.stdio[1] = out[1];
  absl::StatusOr<Container> c = Container::Create(spec_, o);
  close(out[1]);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->State()->status, state::Status::kCreated);
  EXPECT_GT(c->State()->pid, 0);
  ASSERT_TRUE(c->Start().ok());
  WaitReady(out[0]);
  EXPECT_EQ(c->State()->status, state::Status::kRunning);
  ASSERT_TRUE(c->Signal(SIGUSR1).ok());
  EXPECT_EQ(*c->Wait(), 128 + SIGUSR1);
  EXPECT_EQ(c->State()->status, state::Status::kStopped);
  close(out[0]);
  ASSERT_TRUE(c->Destroy().ok());
}

TEST_F(LifecycleTest, StateJsonIsTheOciState) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("json"));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "json");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<state::State> st = loaded->State();
  EXPECT_EQ(st->id, "json");
  EXPECT_EQ(st->bundle, harness_->bundle().path());
  EXPECT_EQ(st->pid, c->init_pid());
  EXPECT_EQ(st->status, state::Status::kCreated);
  ASSERT_TRUE(c->Destroy(true).ok());
}

// The init is known by its start time and its pid namespace: a process
// that takes the init's pid within the clock tick the init started in
// (10 ms) has the same start time, but not the init's pid namespace
// (SPEC LIFE-021). Here the saved namespace is made to differ instead.
TEST_F(LifecycleTest, AnInitInAnotherPidNamespaceIsNotTheContainers) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("pidns"));
  ASSERT_TRUE(c.ok()) << c.status();
  const std::string path = harness_->state_root() + "/pidns/state.json";
  const std::string saved = ReadFile(path);
  struct stat ns;
  ASSERT_EQ(stat(absl::StrCat("/proc/", c->init_pid(), "/ns/pid").c_str(), &ns), 0);
  const std::string field = absl::StrCat("\"initPidNs\": ", ns.st_ino);
  ASSERT_THAT(saved, ::testing::HasSubstr(field)) << "create saved the init's pid namespace";
  {
    absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "pidns");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->State()->status, state::Status::kCreated);
  }
  std::string other = saved;
  other.replace(other.find(field), field.size(), "\"initPidNs\": 1");
  std::ofstream(path) << other;
  {
    absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "pidns");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->State()->status, state::Status::kStopped);
    EXPECT_FALSE(loaded->Signal(SIGKILL).ok()) << "signalled a process that is not the init";
  }
  EXPECT_EQ(c->State()->status, state::Status::kCreated) << "the init was signalled";
  std::ofstream(path) << saved;
  ASSERT_TRUE(c->Destroy(true).ok());
}

// Create saves the hierarchies its cgroups were made in; commands that
// load the container use them instead of reading mountinfo again.
TEST_F(LifecycleTest, LoadUsesTheCgroupHierarchiesCreateSaved) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("layout"));
  ASSERT_TRUE(c.ok()) << c.status();
  std::string json = ReadFile(harness_->state_root() + "/layout/state.json");
  for (const cgroups::Hierarchy& h : cgroups::DetectHierarchies()) {
    EXPECT_THAT(json,
                ::testing::HasSubstr(absl::StrCat("\"mountPoint\": \"", h.mount_point, "\"")));
  }
  ASSERT_TRUE(c->Destroy(true).ok());

  // A state naming a fixture hierarchy: the container's processes are read
  // there, not in the host's hierarchies (where this cgroup does not exist).
  const std::string fixture = harness_->state_root() + "/fixture-freezer";
  const std::string dir = harness_->state_root() + "/elsewhere";
  ASSERT_EQ(system(absl::StrCat("mkdir -p ", fixture, "/nsinit/elsewhere ", dir).c_str()), 0);
  std::ofstream(fixture + "/nsinit/elsewhere/cgroup.procs") << "4242\n";
  std::ofstream(dir + "/state.json")
      << R"({"ociVersion": "1.2.0", "id": "elsewhere", "status": "stopped", "pid": 0,
            "bundle": "/", "nsinit": {"cgroupsPath": "/nsinit/elsewhere",
            "cgroupHierarchies": [{"mountPoint": ")"
      << fixture << R"(", "controllers": ["freezer"], "v2": false, "named": false}]}})";
  absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "elsewhere");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<std::vector<pid_t>> pids = loaded->Processes();
  ASSERT_TRUE(pids.ok()) << pids.status();
  EXPECT_THAT(*pids, ::testing::ElementsAre(4242));
  // Not destroyed: that would signal pid 4242. The directories go as files.
  ASSERT_EQ(system(absl::StrCat("rm -rf ", fixture, " ", dir).c_str()), 0);
}

TEST_F(LifecycleTest, TheUserProcessDoesNotRunBeforeStart) {
  // The process would write a file; before start the file must not exist.
  ASSERT_TRUE(harness_
                  ->Repatch(
                      R"({"root": {"readonly": false},
          "process": {"args": ["/probe", "write-file", "/started", "x"]}})")
                  .ok());
  absl::StatusOr<config::Spec> spec = harness_->Spec();
  absl::StatusOr<Container> c = Container::Create(*spec, harness_->Options("gate"));
  ASSERT_TRUE(c.ok()) << c.status();
  std::string marker = harness_->bundle().rootfs_path() + "/started";
  EXPECT_FALSE(Exists(marker));
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(*c->Wait(), 0);
  EXPECT_TRUE(Exists(marker));
  ASSERT_TRUE(c->Destroy().ok());
}

TEST_F(LifecycleTest, StartTwiceIsRefused) {
  ASSERT_TRUE(harness_->Repatch(R"({"process": {"args": ["true"]}})").ok());
  absl::StatusOr<Container> c = Container::Create(*harness_->Spec(), harness_->Options("twice"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Start().ok());
  (void)c->Wait();
  absl::Status again = c->Start();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("not created"), absl::string_view::npos) << again;
  ASSERT_TRUE(c->Destroy().ok());
}

TEST_F(LifecycleTest, DuplicateIdIsRefused) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("dup"));
  ASSERT_TRUE(c.ok());
  absl::StatusOr<Container> again = Container::Create(spec_, harness_->Options("dup"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().message(), "container \"dup\" already exists");
  ASSERT_TRUE(c->Destroy(true).ok());
}

TEST_F(LifecycleTest, UnknownIdIsNotFound) {
  absl::StatusOr<Container> c = Container::Load(harness_->state_root(), "nope");
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(c.status().message(), "container \"nope\" does not exist");
}

TEST_F(LifecycleTest, DestroyOfARunningContainerNeedsForce) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("force"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(c->Destroy(false).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(c->Destroy(true).ok());
}

TEST_F(LifecycleTest, DestroyLeavesNoProcessCgroupStateOrMount) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("clean"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Start().ok());
  pid_t pid = c->init_pid();
  std::vector<std::string> dirs =
      cgroups::Manager::For("", DefaultCgroupName(harness_->state_root(), "clean")).Directories();
  ASSERT_FALSE(dirs.empty());
  for (const std::string& d : dirs) EXPECT_TRUE(Exists(d)) << d;
  // The memory and pids limits are in the host's cgroup files.
  for (const std::string& d : dirs) {
    if (d.find("/memory/") != std::string::npos) {
      std::ifstream limit(d + "/memory.limit_in_bytes");
      std::string value;
      limit >> value;
      EXPECT_EQ(value, "67108864");
    }
  }
  ASSERT_TRUE(c->Destroy(true).ok());
  EXPECT_FALSE(Exists(absl::StrCat("/proc/", pid)));
  for (const std::string& d : dirs) EXPECT_FALSE(Exists(d)) << d;
  EXPECT_FALSE(Exists(harness_->state_root() + "/clean"));
  absl::StatusOr<std::vector<std::string>> mounts = testing::ReadMountPoints();
  ASSERT_TRUE(mounts.ok());
  for (const std::string& m : *mounts) {
    EXPECT_EQ(m.find(harness_->bundle().path()), std::string::npos) << "left mounted: " << m;
  }
}

TEST_F(LifecycleTest, BrokenConfigIsRefusedBeforeAnythingIsCreated) {
  // A parse error names the field...
  absl::StatusOr<config::Spec> bad =
      config::ParseOciConfig(R"({"ociVersion": "1.2.0", "root": {"path": "r"},
                                 "process": {"cwd": "/", "args": ["sh"], "user": {"uid": "root", "gid": 0}}})");
  EXPECT_EQ(bad.status().message(), "process.user.uid: expected an unsigned integer, got \"root\"");
  // ...and a plan error leaves no state directory and no cgroup.
  config::Spec spec = spec_;
  spec.process->capabilities->bounding.push_back("CAP_NOT_A_CAP");
  absl::StatusOr<Container> c = Container::Create(spec, harness_->Options("broken"));
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("CAP_NOT_A_CAP"), absl::string_view::npos) << c.status();
  EXPECT_FALSE(Exists(harness_->state_root() + "/broken"));
  for (const std::string& d :
       cgroups::Manager::For("", DefaultCgroupName(harness_->state_root(), "broken"))
           .Directories()) {
    EXPECT_FALSE(Exists(d)) << d;
  }
}

TEST_F(LifecycleTest, MissingExecutableFailsAtCreateAndNamesIt) {
  ASSERT_TRUE(harness_->Repatch(R"({"process": {"args": ["/no/such/binary"]}})").ok());
  absl::StatusOr<Container> c = Container::Create(*harness_->Spec(), harness_->Options("noexe"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/no/such/binary"), absl::string_view::npos) << c.status();
  EXPECT_NE(c.status().message().find("ENOENT"), absl::string_view::npos) << c.status();
  EXPECT_FALSE(Exists(harness_->state_root() + "/noexe"));
}

TEST_F(LifecycleTest, ChildSetupErrorNamesStepPathAndErrno) {
  // A sysctl the kernel does not have fails in the child's setup.
  ASSERT_TRUE(harness_->Repatch(R"({"linux": {"sysctl": {"net.ipv4.no_such_sysctl": "1"}}})").ok());
  absl::StatusOr<Container> c = Container::Create(*harness_->Spec(), harness_->Options("sysctl"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("writing sysctl /proc/sys/net/ipv4/no_such_sysctl: ENOENT"),
            absl::string_view::npos)
      << c.status();
}

TEST_F(LifecycleTest, SysctlsOutsideTheContainersNamespacesAreRefused) {
  ASSERT_TRUE(harness_->Repatch(R"({"linux": {"sysctl": {"vm.swappiness": "10"}}})").ok());
  absl::StatusOr<Container> c = Container::Create(*harness_->Spec(), harness_->Options("vm"));
  EXPECT_EQ(
      c.status().message(),
      "linux.sysctl[\"vm.swappiness\"]: not isolated by any namespace: it would change the host");
}

TEST_F(LifecycleTest, DestroyCleansUpACreateKilledHalfway) {
  // What a create killed right after saving its state and making its
  // cgroups leaves behind: a "creating" state, cgroups, a process in them.
  state::Store store(harness_->state_root());
  ASSERT_TRUE(store.CreateDir("half").ok());
  cgroups::Manager cg =
      cgroups::Manager::For("", DefaultCgroupName(harness_->state_root(), "half"));
  state::State st;
  st.id = "half";
  st.status = state::Status::kCreating;
  st.cgroups_path = cg.path();
  ASSERT_TRUE(store.Save(st).ok());
  ASSERT_TRUE(cg.Create(nullptr).ok());
  int gate[2];
  ASSERT_EQ(pipe2(gate, O_CLOEXEC), 0);
  pid_t stray = fork();
  if (stray == 0) {
    char c;
    (void)!read(gate[0], &c, 1);  // blocks until killed
    _exit(0);
  }
  close(gate[0]);
  ASSERT_TRUE(cg.AddProcess(stray).ok());

  absl::StatusOr<Container> c = Container::Load(harness_->state_root(), "half");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->State()->status, state::Status::kStopped);  // no init ever ran
  ASSERT_TRUE(c->Destroy(true).ok());
  int status;
  ASSERT_EQ(waitpid(stray, &status, 0), stray);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  close(gate[1]);
  for (const std::string& d : cg.Directories()) EXPECT_FALSE(Exists(d)) << d;
  EXPECT_FALSE(Exists(harness_->state_root() + "/half"));
}

TEST_F(LifecycleTest, PauseAndResumeFreezeTheContainer) {
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("pause"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Start().ok());
  ASSERT_TRUE(c->Pause().ok());
  EXPECT_EQ(c->State()->status, state::Status::kPaused);
  ASSERT_TRUE(c->Resume().ok());
  EXPECT_EQ(c->State()->status, state::Status::kRunning);
  ASSERT_TRUE(c->Destroy(true).ok());
}

TEST_F(LifecycleTest, InitDiesWithItsCreatorByDefault) {
  // v1's parent-death SIGKILL: a creator that dies takes the init along.
  int ready[2];
  ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
  pid_t creator = fork();
  if (creator == 0) {
    absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("orphan"));
    if (!c.ok() || !c->Start().ok()) _exit(1);
    pid_t pid = c->init_pid();
    (void)!write(ready[1], &pid, sizeof(pid));
    _exit(0);  // no destroy: the kernel must do it
  }
  close(ready[1]);
  pid_t init = 0;
  ASSERT_EQ(read(ready[0], &init, sizeof(init)), static_cast<ssize_t>(sizeof(init)));
  close(ready[0]);
  int status;
  waitpid(creator, &status, 0);
  // The init was SIGKILLed when its parent exited; reap-free check via pidfd.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, init, 0));
  if (pidfd >= 0) {
    struct pollfd p = {pidfd, POLLIN, 0};
    EXPECT_EQ(poll(&p, 1, 10000), 1) << "init still alive after its creator died";
    close(pidfd);
  }
  absl::StatusOr<Container> c = Container::Load(harness_->state_root(), "orphan");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->State()->status, state::Status::kStopped);
  EXPECT_TRUE(c->Destroy().ok());
}

}  // namespace
}  // namespace nsinit::integration

// Cgroup v1 (and the hybrid host's v2 membership) on the real kernel.
// Needs: root and v1 hierarchies mounted (memory, cpu, cpuset, pids,
// freezer, blkio); each test skips with the reason when they are missing.
#include "runtime/cgroups/v1.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/test_util.h"

namespace nsinit::cgroups {
namespace {

std::string Read(const std::string& dir, const std::string& file) {
  absl::StatusOr<std::string> s = ReadCgroupFile(dir, file);
  return s.ok() ? std::string(absl::StripAsciiWhitespace(*s)) : "<" + s.status().ToString() + ">";
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

class V1Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!IsRoot()) GTEST_SKIP() << "needs root";
    hierarchies_ = DetectHierarchies();
    CgroupMode mode = ModeOf(hierarchies_);
    if (mode != CgroupMode::kLegacy && mode != CgroupMode::kHybrid) {
      GTEST_SKIP() << "needs cgroup v1 hierarchies (host is " << CgroupModeName(mode) << ")";
    }
    V1Cgroup probe(hierarchies_, "/");
    for (const char* c : {"memory", "cpu", "cpuset", "pids", "freezer", "blkio"}) {
      if (!probe.Has(c)) GTEST_SKIP() << "needs the v1 " << c << " controller mounted";
    }
    top_ = UniqueTestPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    // Whatever a failing test left behind.
    for (const Hierarchy& h : hierarchies_) {
      rmdir((h.mount_point + top_ + "/a").c_str());
      rmdir((h.mount_point + top_ + "/b").c_str());
      rmdir((h.mount_point + top_).c_str());
    }
  }

  std::vector<Hierarchy> hierarchies_;
  std::string top_;
};

config::Resources Limits() {
  config::Resources r;
  r.memory.emplace();
  r.memory->limit = 64 << 20;
  r.memory->reservation = 32 << 20;
  r.memory->swappiness = 10;
  r.memory->kernel_tcp = 16 << 20;
  r.cpu.emplace();
  r.cpu->shares = 512;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->cpus = "0";
  r.cpu->mems = "0";
  r.pids.emplace();
  r.pids->limit = 20;
  r.block_io.emplace();
  config::BlockIoDevice d;
  d.major = 254;
  d.minor = 0;
  d.rate = 1048576;
  r.block_io->throttle_read_bps_device.push_back(d);
  return r;
}

TEST_F(V1Test, CreateWritesEveryLimit) {
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r = Limits();
  bool memsw = FileExists("/sys/fs/cgroup/memory", "memory.memsw.limit_in_bytes");
  if (memsw) r.memory->swap = 128 << 20;
  const bool hugetlb = Exists("/sys/fs/cgroup/hugetlb/hugetlb.2MB.limit_in_bytes");
  if (hugetlb) r.hugepage_limits.push_back({"2MB", 4 << 20});
  ASSERT_TRUE(m.Create(&r).ok()) << m.Create(&r);
  V1Cgroup v1(hierarchies_, top_ + "/a");
  EXPECT_EQ(Read(v1.Dir("memory"), "memory.limit_in_bytes"), "67108864");
  EXPECT_EQ(Read(v1.Dir("memory"), "memory.soft_limit_in_bytes"), "33554432");
  EXPECT_EQ(Read(v1.Dir("memory"), "memory.swappiness"), "10");
  if (memsw) {
    EXPECT_EQ(Read(v1.Dir("memory"), "memory.memsw.limit_in_bytes"), "134217728");
  }
  EXPECT_EQ(Read(v1.Dir("cpu"), "cpu.shares"), "512");
  EXPECT_EQ(Read(v1.Dir("cpu"), "cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(Read(v1.Dir("cpu"), "cpu.cfs_period_us"), "100000");
  EXPECT_EQ(Read(v1.Dir("cpuset"), "cpuset.cpus"), "0");
  EXPECT_EQ(Read(v1.Dir("cpuset"), "cpuset.mems"), "0");
  EXPECT_EQ(Read(v1.Dir("pids"), "pids.max"), "20");
  if (Exists("/sys/dev/block/254:0")) {
    EXPECT_EQ(Read(v1.Dir("blkio"), "blkio.throttle.read_bps_device"), "254:0 1048576");
  }
  if (hugetlb) {
    EXPECT_EQ(Read(v1.Dir("hugetlb"), "hugetlb.2MB.limit_in_bytes"), "4194304");
    if (Exists("/sys/fs/cgroup/hugetlb/hugetlb.2MB.rsvd.limit_in_bytes")) {
      EXPECT_EQ(Read(v1.Dir("hugetlb"), "hugetlb.2MB.rsvd.limit_in_bytes"), "4194304");
    }
  }
  // The intermediate cpuset level inherited its parent's cpus and mems.
  EXPECT_FALSE(Read("/sys/fs/cgroup/cpuset" + top_, "cpuset.cpus").empty());
  ASSERT_TRUE(m.Destroy().ok());
  for (const std::string& dir : m.Directories()) EXPECT_FALSE(Exists(dir)) << dir;
}

// Another runtime has just made the shared ancestor (its cpus and mems are
// still empty): a process must still be able to join the new leaf.
TEST_F(V1Test, AnAncestorFoundWithoutCpusGetsThemToo) {
  ASSERT_EQ(mkdir(("/sys/fs/cgroup/cpuset" + top_).c_str(), 0755), 0);
  ASSERT_EQ(Read("/sys/fs/cgroup/cpuset" + top_, "cpuset.cpus"), "");
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  ASSERT_TRUE(m.Create(&r).ok()) << m.Create(&r);
  EXPECT_FALSE(Read("/sys/fs/cgroup/cpuset" + top_, "cpuset.cpus").empty());
  EXPECT_FALSE(Read("/sys/fs/cgroup/cpuset" + top_ + "/a", "cpuset.mems").empty());
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, WriteErrorsNameTheFileValueAndErrno) {
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  r.cpu.emplace();
  r.cpu->cpus = "999";
  absl::Status s = m.Create(&r);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "cpuset.cpus")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "\"999\"")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "ERANGE")) << s;  // the errno by name
  EXPECT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, UnmountedControllersAreErrorsNamingTheField) {
  V1Cgroup probe(hierarchies_, "/");
  if (probe.Has("net_cls")) GTEST_SKIP() << "needs a host without net_cls mounted";
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  r.network.emplace();
  r.network->class_id = 0x100001;
  absl::Status s = m.Create(&r);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "linux.resources.network.classID")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "net_cls")) << s;
  EXPECT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, ProcessesFreezeThawAndDestroyKills) {
  Manager m(top_ + "/a", hierarchies_);
  ASSERT_TRUE(m.Create(nullptr).ok());
  BlockedChild child;
  ASSERT_GT(child.pid(), 0);
  ASSERT_TRUE(m.AddProcess(child.pid()).ok());
  absl::StatusOr<std::vector<pid_t>> pids = m.Pids();
  ASSERT_TRUE(pids.ok());
  EXPECT_EQ(*pids, std::vector<pid_t>{child.pid()});
  if (m.mode() == CgroupMode::kHybrid) {
    // Membership in the v2 mount too.
    EXPECT_EQ(Read(m.Directories().back(), "cgroup.procs"), std::to_string(child.pid()));
  }

  ASSERT_TRUE(m.Freeze(true).ok());
  EXPECT_EQ(Read(V1Cgroup(hierarchies_, top_ + "/a").Dir("freezer"), "freezer.state"), "FROZEN");
  EXPECT_TRUE(*m.Frozen());
  // Idempotent.
  ASSERT_TRUE(m.Freeze(true).ok());
  ASSERT_TRUE(m.Freeze(false).ok());
  EXPECT_FALSE(*m.Frozen());

  // Frozen again: Destroy must thaw to kill.
  ASSERT_TRUE(m.Freeze(true).ok());
  absl::Status destroyed = m.Destroy();
  ASSERT_TRUE(destroyed.ok()) << destroyed;
  int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  for (const std::string& dir : m.Directories()) EXPECT_FALSE(Exists(dir)) << dir;
  // The parent this instance made is gone too.
  for (const Hierarchy& h : hierarchies_) EXPECT_FALSE(Exists(h.mount_point + top_));
}

TEST_F(V1Test, ACgroupWithProcessesOrFrozenIsNotReused) {
  Manager m(top_ + "/a", hierarchies_);
  EXPECT_TRUE(m.CheckUnused().ok()) << "nothing exists yet";
  ASSERT_TRUE(m.Create(nullptr).ok());
  EXPECT_TRUE(m.CheckUnused().ok()) << m.CheckUnused();
  ASSERT_TRUE(m.Freeze(true).ok());
  absl::Status frozen = m.CheckUnused();
  EXPECT_EQ(frozen.code(), absl::StatusCode::kFailedPrecondition) << frozen;
  EXPECT_TRUE(absl::StrContains(frozen.message(), "frozen")) << frozen;
  ASSERT_TRUE(m.Freeze(false).ok());
  BlockedChild child;
  ASSERT_GT(child.pid(), 0);
  ASSERT_TRUE(m.AddProcess(child.pid()).ok());
  absl::Status busy = m.CheckUnused();
  EXPECT_EQ(busy.code(), absl::StatusCode::kFailedPrecondition) << busy;
  EXPECT_TRUE(absl::StrContains(busy.message(), std::to_string(child.pid()))) << busy;
  ASSERT_TRUE(m.Destroy().ok());
  child.Wait();
}

TEST_F(V1Test, FreshManagerDestroysFromThePathAloneAndKeepsOthersParents) {
  {
    Manager creator(top_ + "/a", hierarchies_);
    ASSERT_TRUE(creator.Create(nullptr).ok());
    Manager sibling(top_ + "/b", hierarchies_);
    ASSERT_TRUE(sibling.Create(nullptr).ok());
  }
  BlockedChild child;
  ASSERT_TRUE(Manager(top_ + "/a", hierarchies_).AddProcess(child.pid()).ok());
  // As `delete --force` after a killed `create`: only the path is known.
  Manager fresh(top_ + "/a", hierarchies_);
  ASSERT_TRUE(fresh.Destroy().ok());
  EXPECT_TRUE(WIFSIGNALED(child.Wait()));
  for (const std::string& dir : fresh.Directories()) EXPECT_FALSE(Exists(dir)) << dir;
  // The sibling and the shared parent (not nsinit's default, not made by
  // this instance) stay.
  for (const Hierarchy& h : hierarchies_) EXPECT_TRUE(Exists(h.mount_point + top_ + "/b"));
  ASSERT_TRUE(Manager(top_ + "/b", hierarchies_).Destroy().ok());
  for (const Hierarchy& h : hierarchies_) EXPECT_TRUE(Exists(h.mount_point + top_));
}

// Without cgroup.kill (a host of v1 hierarchies only) KillAll kills each
// process and waits for it to exit, but not forever: a pid namespace's init
// leaves its cgroups and then waits until every process of its namespace
// is reaped, here one whose parent is this test, busy in Destroy.
TEST_F(V1Test, DestroyDoesNotWaitForeverForAPidNamespaceInitThatCannotFinish) {
  std::vector<Hierarchy> v1_only;
  for (const Hierarchy& h : hierarchies_) {
    if (!h.v2) v1_only.push_back(h);
  }
  Manager m(top_ + "/a", v1_only);
  ASSERT_EQ(m.mode(), CgroupMode::kLegacy);
  ASSERT_TRUE(m.Create(nullptr).ok());
  // The namespace's init, blocked on a pipe.
  int block[2];
  ASSERT_EQ(pipe2(block, O_CLOEXEC), 0);
  const pid_t init = static_cast<pid_t>(syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0));
  if (init == 0) {
    char c;
    (void)!read(block[0], &c, 1);
    _exit(0);
  }
  close(block[0]);
  ASSERT_GT(init, 0) << strerror(errno);
  ASSERT_TRUE(m.AddProcess(init).ok());
  // A process of that namespace outside the cgroup, a child of this test.
  const int own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  const int theirs = open(absl::StrCat("/proc/", init, "/ns/pid").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_EQ(setns(theirs, CLONE_NEWPID), 0) << strerror(errno);
  const pid_t member = fork();
  if (member == 0) {
    for (;;) pause();
  }
  ASSERT_EQ(setns(own, CLONE_NEWPID), 0) << strerror(errno);
  close(own);
  close(theirs);
  ASSERT_GT(member, 0);

  std::future<absl::Status> destroyed =
      std::async(std::launch::async, [&m] { return m.Destroy(); });
  // Only a guard, so a failure ends: reaping the member lets the init finish.
  if (destroyed.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "Destroy still waits for the init after 60 s";
  }
  EXPECT_EQ(waitpid(member, nullptr, 0), member);
  absl::Status status = destroyed.get();
  EXPECT_TRUE(status.ok()) << status;
  int wstatus = 0;
  EXPECT_EQ(waitpid(init, &wstatus, 0), init);
  EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << wstatus;
  close(block[1]);
  for (const std::string& dir : m.Directories()) EXPECT_FALSE(Exists(dir)) << dir;
}

TEST_F(V1Test, SubCgroupsTheContainerMadeAreRemoved) {
  Manager m(top_ + "/a", hierarchies_);
  ASSERT_TRUE(m.Create(nullptr).ok());
  for (const std::string& dir : m.Directories())
    ASSERT_EQ(mkdir((dir + "/inner").c_str(), 0755), 0);
  ASSERT_TRUE(m.Destroy().ok());
  for (const std::string& dir : m.Directories()) EXPECT_FALSE(Exists(dir));
}

TEST_F(V1Test, DefaultPathKeepsTheSharedNsinitParent) {
  std::string id = top_.substr(1);
  Manager m = Manager::For("", id);
  EXPECT_EQ(m.path(), "/nsinit/" + id);
  ASSERT_TRUE(m.Create(nullptr).ok());
  ASSERT_TRUE(Manager::For("", id).Destroy().ok());
  for (const std::string& dir : m.Directories()) {
    EXPECT_FALSE(Exists(dir));
    // The next container finds /nsinit made (no mkdir and rmdir per run).
    EXPECT_TRUE(Exists(dir.substr(0, dir.size() - id.size() - 1))) << dir;
  }
}

TEST_F(V1Test, StatsJsonHasMemoryUsage) {
  Manager m(top_ + "/a", hierarchies_);
  ASSERT_TRUE(m.Create(nullptr).ok());
  BlockedChild child;
  ASSERT_TRUE(m.AddProcess(child.pid()).ok());
  // The child touches a page so it is charged to the new memory cgroup.
  absl::StatusOr<Stats> stats = m.GetStats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  std::string json = StatsToJson(*stats);
  EXPECT_TRUE(absl::StrContains(json, "\"memory\":{\"cache\"")) << json;
  EXPECT_EQ(stats->pids.current, 1u);
  EXPECT_GT(stats->cpu.percpu.size(), 0u);
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, UpdateChangesLimitsOfARunningContainer) {
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r = Limits();
  ASSERT_TRUE(m.Create(&r).ok());
  config::Resources u;
  u.pids.emplace();
  u.pids->limit = 7;
  u.memory.emplace();
  u.memory->limit = 32 << 20;
  u.memory->check_before_update = true;
  absl::Status s = Manager(top_ + "/a", hierarchies_).Update(u);
  ASSERT_TRUE(s.ok()) << s;
  V1Cgroup v1(hierarchies_, top_ + "/a");
  EXPECT_EQ(Read(v1.Dir("pids"), "pids.max"), "7");
  EXPECT_EQ(Read(v1.Dir("memory"), "memory.limit_in_bytes"), "33554432");
  ASSERT_TRUE(m.Destroy().ok());
  EXPECT_EQ(Manager(top_ + "/a", hierarchies_).Update(u).code(), absl::StatusCode::kNotFound);
}

// Zero is "not set" (runc; Docker writes zeros for every limit it was not
// given): nothing is written, so an update with zeros keeps what was set
// and a classID of 0 needs no net_cls controller (SPEC CG-045..CG-049).
TEST_F(V1Test, ZeroValuesAreNotSet) {
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r = Limits();
  ASSERT_TRUE(m.Create(&r).ok());
  V1Cgroup v1(hierarchies_, top_ + "/a");
  std::string shares = Read(v1.Dir("cpu"), "cpu.shares");
  std::string quota = Read(v1.Dir("cpu"), "cpu.cfs_quota_us");
  config::Resources u;
  u.pids.emplace();
  u.pids->limit = 0;
  u.cpu.emplace();
  u.cpu->shares = 0;
  u.cpu->quota = 0;
  u.cpu->period = 0;
  u.cpu->realtime_runtime = 0;
  u.cpu->realtime_period = 0;
  u.memory.emplace();
  u.memory->limit = 0;
  u.memory->reservation = 0;
  u.memory->swap = 0;
  u.memory->kernel = 0;
  u.memory->kernel_tcp = 0;
  u.memory->swappiness = ~uint64_t{0};
  u.block_io.emplace();
  u.block_io->weight = 0;
  u.block_io->leaf_weight = 0;
  u.block_io->weight_device.push_back({.major = 1, .minor = 3, .weight = 0, .leaf_weight = 0});
  u.network.emplace();
  u.network->class_id = 0;
  absl::Status s = Manager(top_ + "/a", hierarchies_).Update(u);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Read(v1.Dir("pids"), "pids.max"), "20");
  EXPECT_EQ(Read(v1.Dir("cpu"), "cpu.shares"), shares);
  EXPECT_EQ(Read(v1.Dir("cpu"), "cpu.cfs_quota_us"), quota);
  EXPECT_EQ(Read(v1.Dir("memory"), "memory.swappiness"), "10");
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, OomKillIsSignalledAndCounted) {
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  r.memory.emplace();
  r.memory->limit = 8 << 20;
  if (FileExists("/sys/fs/cgroup/memory", "memory.memsw.limit_in_bytes")) r.memory->swap = 8 << 20;
  ASSERT_TRUE(m.Create(&r).ok());
  absl::StatusOr<UniqueFd> efd = m.OomEventFd();
  ASSERT_TRUE(efd.ok()) << efd.status();
  absl::StatusOr<uint64_t> before = m.ReadOomCount();
  if (!before.ok())
    GTEST_SKIP() << "needs the oom_kill counter (Linux >= 4.13): " << before.status();
  EXPECT_EQ(*before, 0u);
  int go[2];
  ASSERT_EQ(pipe2(go, O_CLOEXEC), 0);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    if (read(go[0], &c, 1) != 1) _exit(1);
    // Touch far more than the limit: the OOM killer must take us. Through
    // a volatile pointer: clang (-O1, --config=asan) removed the unused
    // malloc+memset, and the child exited 3 untouched.
    for (int i = 0; i < 64; ++i) {
      volatile char* p = static_cast<volatile char*>(malloc(1 << 20));
      if (p == nullptr) _exit(2);
      for (int off = 0; off < (1 << 20); off += 4096) p[off] = 1;
    }
    _exit(3);
  }
  close(go[0]);
  ASSERT_TRUE(m.AddProcess(pid).ok());
  ASSERT_EQ(write(go[1], "x", 1), 1);
  close(go[1]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  pollfd p = {efd->get(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 5000), 1) << "no OOM event within 5s";
  Manager::DrainOomEventFd(efd->get());
  EXPECT_GE(*m.ReadOomCount(), 1u);
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, DeviceRulesStartFromDenyAll) {
  if (!V1Cgroup(hierarchies_, "/").Has("devices"))
    GTEST_SKIP() << "needs the v1 devices controller";
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  config::DeviceRule deny_all;  // {"allow": false, "access": "rwm"}
  config::DeviceRule null_dev;
  null_dev.allow = true;
  null_dev.type = "c";
  null_dev.major = 1;
  null_dev.minor = 3;
  null_dev.access = "rwm";
  config::DeviceRule any_pts = null_dev;
  any_pts.major = 136;
  any_pts.minor.reset();
  r.devices = {deny_all, null_dev, any_pts};
  ASSERT_TRUE(m.Create(&r).ok());
  EXPECT_EQ(Read(V1Cgroup(hierarchies_, top_ + "/a").Dir("devices"), "devices.list"),
            "c 1:3 rwm\nc 136:* rwm");
  EXPECT_EQ(V1DeviceLine(any_pts), "c 136:* rwm");
  ASSERT_TRUE(m.Destroy().ok());
}

// The reset to "deny everything" is skipped only when the list itself
// starts so; a list that starts with an allow still starts from nothing.
TEST_F(V1Test, DeviceRulesWithoutALeadingDenyAllStillStartFromNothing) {
  if (!V1Cgroup(hierarchies_, "/").Has("devices"))
    GTEST_SKIP() << "needs the v1 devices controller";
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  config::DeviceRule null_dev;  // {"allow": true, "type": "c", 1:3, "rwm"}
  null_dev.allow = true;
  null_dev.type = "c";
  null_dev.major = 1;
  null_dev.minor = 3;
  null_dev.access = "rwm";
  r.devices = {null_dev};
  ASSERT_TRUE(m.Create(&r).ok());
  // A new v1 devices cgroup starts as its parent's list ("a *:* rwm" at the
  // top); without the reset the rule would add nothing to that.
  EXPECT_EQ(Read(V1Cgroup(hierarchies_, top_ + "/a").Dir("devices"), "devices.list"), "c 1:3 rwm");
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, TypelessDeviceRulesKeepTheirNumbersAndAccess) {
  if (!V1Cgroup(hierarchies_, "/").Has("devices"))
    GTEST_SKIP() << "needs the v1 devices controller";
  Manager m(top_ + "/a", hierarchies_);
  config::Resources r;
  config::DeviceRule deny_all;
  config::DeviceRule loop0;  // {"allow": true, "major": 7, "minor": 0, "access": "r"}
  loop0.allow = true;
  loop0.major = 7;
  loop0.minor = 0;
  loop0.access = "r";
  config::DeviceRule read_all;  // {"allow": true, "access": "r"}
  read_all.allow = true;
  read_all.access = "r";
  r.devices = {deny_all, loop0};
  ASSERT_TRUE(m.Create(&r).ok());
  std::string dir = V1Cgroup(hierarchies_, top_ + "/a").Dir("devices");
  // Not "a *:* rwm": the kernel would have taken "a 7:0 r" as allow-all.
  EXPECT_EQ(Read(dir, "devices.list"), "c 7:0 r\nb 7:0 r");
  r.devices = {deny_all, read_all};
  ASSERT_TRUE(m.Update(r).ok());
  EXPECT_EQ(Read(dir, "devices.list"), "c *:* r\nb *:* r");
  ASSERT_TRUE(m.Destroy().ok());
}

TEST_F(V1Test, PathsThatEscapeAreRefused) {
  Manager m(Manager::NormalizePath("a/../../etc", "x"), hierarchies_);
  EXPECT_EQ(m.Create(nullptr).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(m.Destroy().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Manager::NormalizePath("relative//x/", "id"), "/relative/x");
  EXPECT_EQ(Manager::NormalizePath("/abs/x", "id"), "/abs/x");
}

}  // namespace
}  // namespace nsinit::cgroups

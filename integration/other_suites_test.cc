// What other suites (runtime-tools' validation programs, crun's tests) found
// nsinit doing wrong, one test per behaviour (issue 13): the root without a
// mount namespace, rootfsPropagation, hostname in a joined uts namespace,
// --preserve-fds with holes, stdio ownership, exec's process group,
// container ids, delete --force past a foreign frozen cgroup, and
// linux.memoryPolicy.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

class OtherSuitesTest : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_UNLESS(testing::NeedRoot()); }
};

// Propagation fields of the container's "/" ("shared:N", "master:N", ...).
std::string RootPropagation(const rapidjson::Value& facts) {
  const rapidjson::Value* root = FindMount(facts, "/");
  if (root == nullptr) return "no / in mounts";
  std::string out;
  for (const auto& p : (*root)["propagation"].GetArray()) absl::StrAppend(&out, p.GetString(), " ");
  return out;
}

// #1: without a mount namespace of its own the process still gets root.path
// as its root (chroot), never the host's /.
TEST_F(OtherSuitesTest, NoMountNamespaceChrootsIntoTheRoot) {
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"process": {"args": ["/bin/cat", "/etc/only-in-rootfs"]},
          "linux": {"namespaces": [{"type": "pid"}, {"type": "uts"}, {"type": "ipc"}]}})",
      ProbeRootfs().AddFile("/etc/only-in-rootfs", "inside\n"));
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->exit_code, 0) << o->err;
  EXPECT_EQ(o->out, "inside\n");
}

// #2, #3: shared needs the rootfs's parent mount made private for
// pivot_root; the recursive forms are accepted.
TEST_F(OtherSuitesTest, RootfsPropagationSharedAndRecursiveForms) {
  for (const auto& [value, want] :
       std::vector<std::pair<std::string, std::string>>{{"shared", "shared:"},
                                                        {"rshared", "shared:"},
                                                        {"rslave", ""},
                                                        {"rprivate", "private"}}) {
    // rslave: accepted; the new root has no master left once the old root
    // is detached, so it reads private (as with runc).
    rapidjson::Document f =
        ProbeFacts(absl::StrCat(R"({"linux": {"rootfsPropagation": ")", value, R"("}})"));
    ASSERT_TRUE(f.IsObject()) << value;
    EXPECT_THAT(RootPropagation(f), HasSubstr(want)) << value;
  }
}

// #4: a hostname with a joined uts namespace is set in that namespace.
TEST_F(OtherSuitesTest, HostnameIsSetInAJoinedUtsNamespace) {
  absl::StatusOr<Harness> holder =
      Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
  ASSERT_TRUE(holder.ok()) << holder.status();
  absl::StatusOr<Container> c = Container::Create(*holder->Spec(), holder->Options("utsholder"));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::Cleanup destroy = [&] { EXPECT_TRUE(c->Destroy(true).ok()); };
  std::string uts = absl::StrCat("/proc/", c->State()->pid, "/ns/uts");
  absl::StatusOr<Harness> h = Harness::Create(absl::StrCat(
      R"({"hostname": "joined-uts", "process": {"args": ["/probe", "facts"]},
          "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"},
                                   {"type": "uts", "path": ")",
      uts, R"("}]}})"));
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  absl::StatusOr<rapidjson::Document> f = ParseJson(o->out);
  ASSERT_TRUE(f.ok()) << f.status() << o->err;
  EXPECT_STREQ((*f)["hostname"].GetString(), "joined-uts");
}

// #6: a closed fd inside --preserve-fds' range is passed over; the others
// arrive, and nothing of the runtime's fills the hole.
TEST_F(OtherSuitesTest, PreserveFdsPassesOverClosedFds) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "fds-only"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<testing::TempDir> tmp = testing::TempDir::Create("pfd");
  ASSERT_TRUE(tmp.ok()) << tmp.status();
  std::string out = tmp->Sub("out");
  std::string cmd =
      absl::StrCat("exec 3</etc/hostname 5</etc/passwd 4<&-; ", Runfile("tools/nsinit/nsinit"),
                   " --root ", h->state_root(), " run --preserve-fds 3 --bundle ",
                   h->bundle().path(), " pfd-holes >", out, " 2>&1 </dev/null");
  int rc = std::system(cmd.c_str());
  std::string text = ReadFile(out);
  ASSERT_EQ(rc, 0) << text;
  absl::StatusOr<rapidjson::Document> f = ParseJson(text);
  ASSERT_TRUE(f.ok()) << f.status();
  std::vector<int> fds;
  for (const auto& fd : (*f)["fds"].GetArray()) fds.push_back(fd["fd"].GetInt());
  EXPECT_THAT(fds, ::testing::ElementsAre(0, 1, 2, 3, 5));
}

// #7: fds 0-2 belong to the container's user, as runc and crun hand them.
TEST_F(OtherSuitesTest, StdioBelongsToTheContainersUser) {
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"process": {"user": {"uid": 1, "gid": 2},
                      "args": ["/bin/stat", "-L", "-c", "%u:%g", "/proc/self/fd/1"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->out, "1:2\n") << o->err;
}

// #8: an exec'd process leads its own process group (the runtime's is
// outside the pid namespace, so getpgrp() would be 0).
TEST_F(OtherSuitesTest, ExecdProcessLeadsItsProcessGroup) {
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok());
  absl::StatusOr<Container> c = Container::Create(*spec, h->Options("pgrp"));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::Cleanup destroy = [&] { EXPECT_TRUE(c->Destroy(true).ok()); };
  ASSERT_TRUE(c->Start().ok());
  config::Process proc = *spec->process;
  proc.args = {"/bin/sh", "-c", "set -- $(cat /proc/$$/stat); echo $1 $5"};
  CaptureFile out, err;
  int stdio[3] = {-1, out.fd(), err.fd()};
  absl::StatusOr<process::ChildProcess> child = c->Exec(proc, stdio);
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ(*child->Wait(), 0);
  std::vector<std::string> f = absl::StrSplit(absl::StripTrailingAsciiWhitespace(out.Read()), ' ');
  ASSERT_EQ(f.size(), 2u) << out.Read() << err.Read();
  EXPECT_EQ(f[0], f[1]) << "pid and process group";
}

// #11: ids outside runc's alphabet are refused before anything is created.
TEST_F(OtherSuitesTest, ContainerIdOutsideRuncsRuleIsRefused) {
  absl::StatusOr<Harness> h = Harness::Create();
  ASSERT_TRUE(h.ok()) << h.status();
  CaptureFile err;
  pid_t pid = StartRuntime(Runfile("tools/nsinit/nsinit"), h->state_root(),
                           {"create", "--bundle", h->bundle().path(), "foo bar"}, -1, -1, err.fd());
  EXPECT_NE(WaitExitCode(pid), 0);
  EXPECT_THAT(err.Read(), HasSubstr("invalid container id \"foo bar\""));
  struct stat st;
  EXPECT_NE(stat(absl::StrCat(h->state_root(), "/foo bar").c_str(), &st), 0);
  // The library refuses it too.
  absl::StatusOr<Container> c = Container::Create(*h->Spec(), h->Options("a:b"));
  EXPECT_FALSE(c.ok());
}

// #12: linux.memoryPolicy is applied (numa_maps shows the process policy
// on its mappings) and an unknown mode fails create.
TEST_F(OtherSuitesTest, MemoryPolicyIsAppliedAndValidated) {
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"process": {"args": ["/bin/cat", "/proc/self/numa_maps"]},
          "linux": {"memoryPolicy": {"mode": "MPOL_BIND", "nodes": "0"}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->exit_code, 0) << o->err;
  // numa_maps names each mapping's policy: a bound process's heap and stack.
  EXPECT_THAT(o->out, HasSubstr("bind:0")) << o->out;
  ASSERT_TRUE(h->Repatch(R"({"linux": {"memoryPolicy": {"mode": "MPOL_SPREAD"}}})").ok());
  absl::StatusOr<config::Spec> spec = h->Spec();
  EXPECT_FALSE(spec.ok() && Container::Create(*spec, h->Options("bad-policy")).ok());
}

// #9: devices in a user namespace are bound nosuid,noexec; an entry whose
// path does not exist on the host is bound from the node the kernel names
// for its numbers; a trailing slash names the same node.
TEST_F(OtherSuitesTest, DevicesInAUserNamespace) {
  SKIP_UNLESS(testing::NeedUserNamespaces());
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);  // the mapped root must reach the bundle
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "facts"]},
      "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "user"}],
      "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "devices": [{"path": "/dev/not-on-host-null", "type": "c", "major": 1, "minor": 3},
                  {"path": "/dev/zero-alias/", "type": "c", "major": 1, "minor": 5}]},
      "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                 {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","mode=755"]}]})");
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(chmod(h->bundle().path().c_str(), 0755), 0);
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->exit_code, 0) << o->err;
  absl::StatusOr<rapidjson::Document> f = ParseJson(o->out);
  ASSERT_TRUE(f.ok()) << f.status();
  for (const char* path : {"/dev/null", "/dev/not-on-host-null", "/dev/zero-alias"}) {
    const rapidjson::Value* m = FindMount(*f, path);
    ASSERT_NE(m, nullptr) << path;
    EXPECT_THAT(Strings((*m)["options"]), ::testing::IsSupersetOf({"nosuid", "noexec"})) << path;
  }
  const rapidjson::Value* alias = FindDevice(*f, "/dev/not-on-host-null");
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ((*alias)["minor"].GetInt(), 3);
  const rapidjson::Value* zero = FindDevice(*f, "/dev/zero-alias");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ((*zero)["minor"].GetInt(), 5);
}

TEST_F(OtherSuitesTest, DevicePathWithATrailingSlash) {
  rapidjson::Document f = ProbeFacts(
      R"({"linux": {"devices": [{"path": "/dev/trailing/", "type": "c", "major": 1, "minor": 7}]}})");
  ASSERT_TRUE(f.IsObject());
  const rapidjson::Value* d = FindDevice(f, "/dev/trailing");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["minor"].GetInt(), 7);
}

// #5: a realtime budget under nsinit's shared v1 parent: the parent is given
// what the child needs, and gives it back when the child is gone.
TEST_F(OtherSuitesTest, RealtimeRuntimeUnderTheSharedParent) {
  if (access("/sys/fs/cgroup/cpu/cpu.rt_runtime_us", W_OK) != 0) {
    GTEST_SKIP() << "needs a v1 cpu hierarchy with realtime group scheduling at /sys/fs/cgroup/cpu";
  }
  std::string parent_budget = ReadFile("/sys/fs/cgroup/cpu/nsinit/cpu.rt_runtime_us");
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"process": {"args": ["/bin/cat", "/sys/fs/cgroup/cpu/cpu.rt_runtime_us"]},
          "linux": {"resources": {"cpu": {"realtimeRuntime": 7000, "realtimePeriod": 1000000}}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("rt-budget");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->out, "7000\n") << o->err;
  if (!parent_budget.empty()) {
    EXPECT_EQ(ReadFile("/sys/fs/cgroup/cpu/nsinit/cpu.rt_runtime_us"), parent_budget)
        << "the shared parent keeps a budget nobody uses";
  }
}

// #10: delete --force of a container whose init was moved into a frozen v1
// freezer cgroup of someone else's (crun's test): thaw, kill, clean up.
TEST_F(OtherSuitesTest, DeleteForceKillsAnInitInAForeignFrozenCgroup) {
  if (access("/sys/fs/cgroup/freezer/tasks", W_OK) != 0) {
    GTEST_SKIP() << "needs a writable v1 freezer hierarchy at /sys/fs/cgroup/freezer";
  }
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  const std::string nsinit = Runfile("tools/nsinit/nsinit");
  ASSERT_EQ(WaitExitCode(StartRuntime(nsinit, h->state_root(),
                                      {"create", "--bundle", h->bundle().path(), "frozen-init"}, -1,
                                      -1, -1)),
            0);
  absl::StatusOr<Container> c = Container::Load(h->state_root(), "frozen-init");
  ASSERT_TRUE(c.ok()) << c.status();
  pid_t init = c->State()->pid;
  std::string own_memory_cgroup;  // still holds the init after the move
  for (absl::string_view line :
       absl::StrSplit(ReadFile(absl::StrCat("/proc/", init, "/cgroup")), '\n')) {
    if (absl::StrContains(line, ":memory:"))
      own_memory_cgroup = std::string(line.substr(line.rfind(':') + 1));
  }
  std::string frozen = absl::StrCat("/sys/fs/cgroup/freezer/nsinit-test-frozen-", getpid());
  ASSERT_EQ(mkdir(frozen.c_str(), 0755), 0);
  absl::Cleanup remove_frozen = [&] {
    std::ofstream(frozen + "/freezer.state") << "THAWED";
    rmdir(frozen.c_str());
  };
  std::ofstream(frozen + "/tasks") << init;
  std::ofstream(frozen + "/freezer.state") << "FROZEN";
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, init, 0));
  ASSERT_GE(pidfd, 0);
  absl::Cleanup close_pidfd = [&] { close(pidfd); };

  pid_t del =
      StartRuntime(nsinit, h->state_root(), {"delete", "--force", "frozen-init"}, -1, -1, -1);
  int del_pidfd = static_cast<int>(syscall(SYS_pidfd_open, del, 0));
  ASSERT_GE(del_pidfd, 0);
  pollfd p = {del_pidfd, POLLIN, 0};
  bool finished = poll(&p, 1, 30000) == 1;  // a deadline, not a synchronisation
  close(del_pidfd);
  if (!finished) {
    std::ofstream(frozen + "/freezer.state") << "THAWED";  // let it end
    kill(del, SIGKILL);
  }
  int code = WaitExitCode(del);
  EXPECT_TRUE(finished) << "delete --force hung on the frozen init";
  EXPECT_EQ(code, 0);
  pollfd q = {pidfd, POLLIN, 0};
  EXPECT_EQ(poll(&q, 1, 0), 1) << "the init is still alive";
  struct stat st;
  EXPECT_NE(stat(absl::StrCat("/sys/fs/cgroup/memory", own_memory_cgroup).c_str(), &st), 0)
      << "the container's memory cgroup is left behind";
}

}  // namespace
}  // namespace nsinit::integration

// The container's process: pid 1, ids, env, cwd, HOME, umask, rlimits,
// hostname, namespaces, capabilities, no_new_privs, seccomp, oom score,
// sysctl, user namespaces, the terminal, and what the runtime must not
// leak into it.
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/base/status_macros.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::integration {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_UNLESS(testing::NeedRoot()); }

  rapidjson::Document Facts(absl::string_view patch = "{}") { return ProbeFacts(patch); }
};

std::string NsInode(const char* name) {
  char buf[64] = {};
  if (readlink(absl::StrCat("/proc/self/ns/", name).c_str(), buf, sizeof(buf) - 1) < 0) {
    return absl::StrCat("readlink failed: errno ", errno);
  }
  return buf;
}

TEST_F(ProcessTest, RunsACommandAndCapturesItsOutput) {
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"args": ["sh", "-c", "echo hello; echo oops >&2"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run();
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->exit_code, 0);
  EXPECT_EQ(o->out, "hello\n");
  EXPECT_EQ(o->err, "oops\n");
}

TEST_F(ProcessTest, ExitStatusAndSignalDeath) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "exit", "42"]}})");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->Run()->exit_code, 42);
  // Killed from outside (pid 1 cannot SIGKILL itself): 128 + the signal.
  ASSERT_TRUE(h->Repatch(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})").ok());
  absl::StatusOr<Container> c = Container::Create(*h->Spec(), h->Options("killed"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Start().ok());
  ASSERT_TRUE(c->Signal(SIGKILL).ok());
  EXPECT_EQ(*c->Wait(), 128 + SIGKILL);
  EXPECT_TRUE(c->Destroy().ok());
}

TEST_F(ProcessTest, IsPidOneInItsOwnNamespaces) {
  rapidjson::Document f = Facts();
  EXPECT_EQ(f["pid"].GetInt(), 1);
  for (const char* ns : {"pid", "mnt", "uts", "ipc", "net"}) {
    EXPECT_NE(std::string(f["namespaces"][ns].GetString()), NsInode(ns)) << ns;
  }
}

TEST_F(ProcessTest, JoinsANamespaceByPath) {
  std::string patch = R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "mount"},
      {"type": "ipc"}, {"type": "uts"}, {"type": "network", "path": "/proc/self/ns/net"}]}})";
  // /proc/self is the runtime (this test), so the container shares our net ns.
  rapidjson::Document f = Facts(patch);
  EXPECT_EQ(std::string(f["namespaces"]["net"].GetString()), NsInode("net"));
  EXPECT_NE(std::string(f["namespaces"]["uts"].GetString()), NsInode("uts"));
}

TEST_F(ProcessTest, TimeNamespaceWithOffsets) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"linux": {
      "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
                     {"type": "network"}, {"type": "time"}],
      "timeOffsets": {"boottime": {"secs": 864000, "nanosecs": 0}}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> f = h->Probe({"read", "/proc/uptime"});
  ASSERT_TRUE(f.ok()) << f.status();
  double inside = std::stod((*f)["content"].GetString());
  std::ifstream host("/proc/uptime");
  double outside;
  host >> outside;
  // Ten days ahead inside, give or take the time the probe took.
  EXPECT_GT(inside - outside, 864000 - 60) << inside << " vs " << outside;
  EXPECT_LT(inside - outside, 864000 + 60);
}

TEST_F(ProcessTest, IoPrioritySchedulerAndCpuAffinityReachTheProcess) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {
      "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 5},
      "scheduler": {"policy": "SCHED_BATCH", "nice": 3},
      "execCPUAffinity": {"initial": "0", "final": "0"}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> io = h->Probe({"ioprio"});
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_STREQ((*io)["class"].GetString(), "IOPRIO_CLASS_BE");
  EXPECT_EQ((*io)["priority"].GetInt(), 5);
  absl::StatusOr<rapidjson::Document> sched = h->Probe({"sched"});
  ASSERT_TRUE(sched.ok()) << sched.status();
  EXPECT_STREQ((*sched)["policy"].GetString(), "SCHED_BATCH");
  EXPECT_EQ((*sched)["nice"].GetInt(), 3);
  absl::StatusOr<rapidjson::Document> cpus = h->Probe({"affinity"});
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_STREQ((*cpus)["list"].GetString(), "0");
}

TEST_F(ProcessTest, BadSchedulingSettingsNameTheField) {
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"scheduler": {"policy": "SCHED_BOGUS"}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> out = h->Run();
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()),
              ::testing::HasSubstr("process.scheduler.policy"));
}

TEST_F(ProcessTest, HostnameAndDomainname) {
  rapidjson::Document f = Facts(R"({"hostname": "box", "domainname": "example.org"})");
  EXPECT_STREQ(f["hostname"].GetString(), "box");
  EXPECT_STREQ(f["domainname"].GetString(), "example.org");
}

TEST_F(ProcessTest, EnvIsPassedAndHomeDefaultsToRoot) {
  rapidjson::Document f = Facts(R"({"process": {"env": ["A=1", "PATH=/bin"]}})");
  std::vector<std::string> env = Strings(f["env"]);
  EXPECT_THAT(env, Contains("A=1"));
  EXPECT_THAT(env, Contains("HOME=/root"));  // root's home in the rootfs /etc/passwd
}

TEST_F(ProcessTest, HomeComesFromPasswdForTheUser) {
  rapidjson::Document f = Facts(R"({"process": {"user": {"uid": 1000, "gid": 1000}}})");
  EXPECT_THAT(Strings(f["env"]), Contains("HOME=/home/user"));
}

TEST_F(ProcessTest, HomeIsSlashForAnUnknownUser) {
  rapidjson::Document f = Facts(R"({"process": {"user": {"uid": 4242, "gid": 4242}}})");
  EXPECT_THAT(Strings(f["env"]), Contains("HOME=/"));
}

TEST_F(ProcessTest, ExplicitHomeIsKept) {
  rapidjson::Document f = Facts(R"({"process": {"env": ["HOME=/x"]}})");
  EXPECT_THAT(Strings(f["env"]), Contains("HOME=/x"));
}

TEST_F(ProcessTest, CwdIsSet) {
  EXPECT_STREQ(Facts(R"({"process": {"cwd": "/tmp"}})")["cwd"].GetString(), "/tmp");
}

TEST_F(ProcessTest, UserGroupsAndAdditionalGids) {
  rapidjson::Document f =
      Facts(R"({"process": {"user": {"uid": 1000, "gid": 100, "additionalGids": [10, 20]}}})");
  EXPECT_EQ(f["uid"].GetInt(), 1000);
  EXPECT_EQ(f["euid"].GetInt(), 1000);
  EXPECT_EQ(f["gid"].GetInt(), 100);
  std::vector<int> groups;
  for (const auto& g : f["groups"].GetArray()) groups.push_back(g.GetInt());
  EXPECT_THAT(groups, ElementsAre(10, 20));
}

TEST_F(ProcessTest, UmaskDefaultsTo0022AndCanBeSet) {
  EXPECT_STREQ(Facts()["umask"].GetString(), "0022");
  EXPECT_STREQ(Facts(R"({"process": {"user": {"umask": 63}}})")["umask"].GetString(), "0077");
}

TEST_F(ProcessTest, Rlimits) {
  rapidjson::Document f = Facts(R"({"process": {"rlimits": [
      {"type": "RLIMIT_NOFILE", "soft": 256, "hard": 512},
      {"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]}})");
  EXPECT_EQ(f["rlimits"]["RLIMIT_NOFILE"]["soft"].GetInt(), 256);
  EXPECT_EQ(f["rlimits"]["RLIMIT_NOFILE"]["hard"].GetInt(), 512);
  EXPECT_EQ(f["rlimits"]["RLIMIT_CORE"]["hard"].GetInt(), 0);
}

TEST_F(ProcessTest, CapabilitiesOfTheDefaultConfig) {
  // runc's default: AUDIT_WRITE, KILL, NET_BIND_SERVICE in every set but
  // inheritable (empty: CVE-2022-29162), so none can be ambient.
  rapidjson::Document f = Facts();
  std::vector<std::string> bounding = Strings(f["caps"]["bounding"]["names"]);
  EXPECT_THAT(bounding, ElementsAre("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE"));
  EXPECT_EQ(Strings(f["caps"]["effective"]["names"]), bounding);
  EXPECT_EQ(Strings(f["caps"]["permitted"]["names"]), bounding);
  EXPECT_TRUE(Strings(f["caps"]["inheritable"]["names"]).empty());
  EXPECT_TRUE(Strings(f["caps"]["ambient"]["names"]).empty());
}

TEST_F(ProcessTest, AmbientCapabilitiesSurviveANonRootUser) {
  rapidjson::Document f = Facts(R"({"process": {"user": {"uid": 1000, "gid": 1000},
      "capabilities": {"bounding": ["CAP_NET_RAW"], "effective": ["CAP_NET_RAW"],
      "permitted": ["CAP_NET_RAW"], "inheritable": ["CAP_NET_RAW"], "ambient": ["CAP_NET_RAW"]}}})");
  EXPECT_THAT(Strings(f["caps"]["effective"]["names"]), ElementsAre("CAP_NET_RAW"));
  EXPECT_THAT(Strings(f["caps"]["ambient"]["names"]), ElementsAre("CAP_NET_RAW"));
}

TEST_F(ProcessTest, NoNewPrivileges) {
  EXPECT_EQ(Facts(R"({"process": {"noNewPrivileges": true}})")["no_new_privs"].GetInt(), 1);
  EXPECT_EQ(Facts(R"({"process": {"noNewPrivileges": false}})")["no_new_privs"].GetInt(), 0);
}

TEST_F(ProcessTest, SeccompErrnoRuleReturnsItsErrno) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"linux": {"seccomp": {
      "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> r = h->Probe({"syscall", "mkdir"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_STREQ((*r)["errno"].GetString(), "ENOSYS");
  absl::StatusOr<rapidjson::Document> f = h->Probe({"facts"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)["seccomp"].GetInt(), 2);
}

// SCMP_ACT_NOTIFY with a real listener: the probe's host-side verb accepts
// the connection, records the state, and answers each notification.
absl::StatusOr<std::vector<rapidjson::Document>> NotifyRun(absl::string_view reply,
                                                           bool no_new_privs,
                                                           std::string* syscall_errno) {
  // A unix socket path has at most 107 bytes: not below Bazel's TEST_TMPDIR.
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<testing::TempDir> made = testing::TempDir::Create("notify");
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  if (!made.ok()) return made.status();
  testing::TempDir dir = *std::move(made);
  std::string sock = dir.Sub("l.sock"), out = dir.Sub("out.jsonl");
  ASSIGN_OR_RETURN(Harness h,
                   Harness::Create(absl::StrCat(
                       R"({"root": {"readonly": false}, "process": {"noNewPrivileges": )",
                       no_new_privs ? "true" : "false", R"(}, "linux": {"seccomp": {
        "defaultAction": "SCMP_ACT_ALLOW", "listenerPath": ")",
                       sock, R"(",
        "listenerMetadata": "from-the-test",
        "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}}})")));
  // The verb returns once it listens (its server half is a child of its own).
  std::string cmd =
      absl::StrCat(ProbePath(), " seccomp-listen ", sock, " ", out, " ", reply, " >/dev/null");
  if (system(cmd.c_str()) != 0) return absl::InternalError("the listener did not start");
  ASSIGN_OR_RETURN(rapidjson::Document r, h.Probe({"syscall", "mkdir"}));
  *syscall_errno = r["errno"].IsNull() ? "ok" : r["errno"].GetString();
  std::vector<rapidjson::Document> lines;
  for (absl::string_view line : absl::StrSplit(ReadFile(out), '\n', absl::SkipEmpty())) {
    ASSIGN_OR_RETURN(rapidjson::Document d, ParseJson(line));
    lines.push_back(std::move(d));
  }
  return lines;
}

TEST_F(ProcessTest, SeccompNotifyHandsTheListenerFdAndStateToListenerPath) {
  std::string err;
  absl::StatusOr<std::vector<rapidjson::Document>> lines = NotifyRun("EXDEV", true, &err);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(err, "EXDEV") << "the listener's answer reaches the container";
  ASSERT_GE(lines->size(), 2u);
  const rapidjson::Value& state = (*lines)[0]["state"];
  EXPECT_EQ((*lines)[0]["fds"].GetInt(), 1);
  ASSERT_TRUE(state.IsObject());
  EXPECT_STREQ(state["fds"][0].GetString(), "seccompFd");
  EXPECT_STREQ(state["metadata"].GetString(), "from-the-test");
  EXPECT_GT(state["pid"].GetInt(), 0);
  EXPECT_EQ(state["pid"].GetInt(), state["state"]["pid"].GetInt());
  EXPECT_STREQ(state["state"]["ociVersion"].GetString(), "1.2.0");
  EXPECT_STREQ((*lines)[1]["verb"].GetString(), "seccomp-notify");
}

TEST_F(ProcessTest, SeccompNotifyContinueWithoutNoNewPrivs) {
  // Without no_new_privs the filter is loaded before the identity change,
  // during create; the listener's CONTINUE lets the call run.
  std::string err;
  absl::StatusOr<std::vector<rapidjson::Document>> lines = NotifyRun("continue", false, &err);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(err, "ok");
  ASSERT_GE(lines->size(), 2u);
  EXPECT_STREQ((*lines)[1]["verb"].GetString(), "seccomp-notify");
}

TEST_F(ProcessTest, SeccompNotifyWithoutAListenerFailsCreate) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"linux": {"seccomp": {
      "defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/nonexistent/listener.sock",
      "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("nolistener");
  ASSERT_FALSE(o.ok());
  EXPECT_THAT(
      std::string(o.status().message()),
      ::testing::HasSubstr("linux.seccomp.listenerPath: connect /nonexistent/listener.sock"));
}

TEST_F(ProcessTest, OomScoreAdj) {
  EXPECT_EQ(Facts(R"({"process": {"oomScoreAdj": 500}})")["oom_score_adj"].GetInt(), 500);
}

TEST_F(ProcessTest, Sysctl) {
  rapidjson::Document f = Facts(R"({"linux": {"sysctl": {"net.ipv4.ip_forward": "1"}}})");
  EXPECT_STREQ(f["sysctls"]["net.ipv4.ip_forward"].GetString(), "1");
}

TEST_F(ProcessTest, AFakeProcCannotSwallowTheInitsProcWrites) {
  // CVE-2019-16884 / CVE-2023-27561: a bind mount over /proc would take the
  // writes meant for the kernel (here a sysctl; in the CVEs the LSM label).
  absl::StatusOr<testing::TempDir> fake = testing::TempDir::Create("fakeproc");
  ASSERT_TRUE(fake.ok());
  ASSERT_EQ(
      system(absl::StrCat("mkdir -p ", fake->path(), "/self ", fake->path(),
                          "/sys/net/ipv4 && echo 0 > ", fake->path(), "/sys/net/ipv4/ip_forward")
                 .c_str()),
      0);
  absl::StatusOr<Harness> h =
      Harness::Create(absl::StrCat(R"({
      "linux": {"sysctl": {"net.ipv4.ip_forward": "1"}},
      "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                 {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","mode=755"]},
                 {"destination": "/proc", "type": "bind", "source": ")",
                                   fake->path(), R"(", "options": ["rbind"]}]})"));
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("fakeproc");
  ASSERT_FALSE(o.ok());
  // Refused when the plan is made, before anything is mounted.
  EXPECT_NE(o.status().message().find("only a proc filesystem may be mounted on /proc"),
            absl::string_view::npos)
      << o.status();
  std::ifstream untouched(fake->path() + "/sys/net/ipv4/ip_forward");
  std::string value;
  untouched >> value;
  EXPECT_EQ(value, "0");
}

TEST_F(ProcessTest, InitIsNotDumpableBeforeExec) {
  // CVE-2016-9962: until exec, nothing in the container may ptrace the init
  // or open its /proc files. A non-dumpable process's /proc/<pid> entries
  // belong to root even when it runs as another user.
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"user": {"uid": 1000, "gid": 1000},
      "args": ["/probe", "exit", "0"]}})");
  ASSERT_TRUE(h.ok());
  absl::StatusOr<Container> c = Container::Create(*h->Spec(), h->Options("dumpable"));
  ASSERT_TRUE(c.ok()) << c.status();
  struct stat st;
  ASSERT_EQ(stat(absl::StrCat("/proc/", c->init_pid(), "/status").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u) << "the waiting init (uid 1000) is dumpable";
  std::ifstream status(absl::StrCat("/proc/", c->init_pid(), "/status"));
  std::string line;
  bool uid_1000 = false;
  while (std::getline(status, line)) uid_1000 |= line.rfind("Uid:\t1000", 0) == 0;
  EXPECT_TRUE(uid_1000) << "the init should already run as uid 1000";
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(*c->Wait(), 0);
  EXPECT_TRUE(c->Destroy().ok());
}

TEST_F(ProcessTest, InitOfRootInAUserNamespaceIsNotDumpableBeforeExec) {
  // CVE-2016-9962 where no uid change clears dumpability for us: container
  // root in a user namespace stays root. A process inside that namespace
  // with the init's uid and a superset of its capabilities except
  // CAP_SYS_PTRACE may open /proc/<init>/environ only if the init is
  // dumpable. (InitIsNotDumpableBeforeExec above cannot tell: its uid change
  // alone makes the init non-dumpable.)
  SKIP_UNLESS(testing::NeedUserNamespaces());
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "exit", "0"]},
      "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "user"}],
      "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]},
      "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                 {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","mode=755"]}]})");
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(chmod(h->bundle().path().c_str(), 0755), 0);
  absl::StatusOr<Container> c = Container::Create(*h->Spec(), h->Options("dumpable-userns"));
  ASSERT_TRUE(c.ok()) << c.status();
  std::string userns = absl::StrCat("/proc/", c->init_pid(), "/ns/user");
  std::string environ = absl::StrCat("/proc/", c->init_pid(), "/environ");
  pid_t pid = fork();
  if (pid == 0) {
    int ns = open(userns.c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWUSER) != 0) _exit(101);
    // Root of the namespace (host 100000, the init's uid), keeping the
    // namespace's full capability set across the uid change.
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 || setresgid(0, 0, 0) != 0 ||
        setresuid(0, 0, 0) != 0) {
      _exit(102);
    }
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {};
    if (syscall(SYS_capget, &hdr, data) != 0) _exit(103);
    // Everything but CAP_SYS_PTRACE, which overrides non-dumpability.
    data[0].effective = data[0].permitted & ~(1u << CAP_SYS_PTRACE);
    data[1].effective = data[1].permitted;
    if (syscall(SYS_capset, &hdr, data) != 0) _exit(104);
    int fd = open(environ.c_str(), O_RDONLY | O_CLOEXEC);
    _exit(fd >= 0 ? 0 : errno);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), EACCES)
      << "a process of the container could open " << environ << " of the waiting init";
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(*c->Wait(), 0);
  EXPECT_TRUE(c->Destroy().ok());
}

TEST_F(ProcessTest, NoFdBeyondStdioLeaks) {
  // An fd the runtime holds without CLOEXEC must not reach the container.
  int leak = open("/", O_RDONLY | O_DIRECTORY);  // deliberately not CLOEXEC
  ASSERT_GE(leak, 0);
  rapidjson::Document f = Facts();
  close(leak);
  std::vector<int> fds;
  for (const auto& fd : f["fds"].GetArray()) fds.push_back(fd["fd"].GetInt());
  EXPECT_THAT(fds, ElementsAre(0, 1, 2));
}

TEST_F(ProcessTest, UserNamespaceMapsRootToTheConfiguredHostId) {
  SKIP_UNLESS(testing::NeedUserNamespaces());
  // The container's root (host uid 100000) must be able to reach the rootfs,
  // as with runc: build the bundle under /tmp, not under Bazel's 0700 home.
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<Harness> h = Harness::Create(R"({"linux": {
      "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
                     {"type": "network"}, {"type": "user"}],
      "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]},
      "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                 {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","mode=755"]}]})");
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(chmod(h->bundle().path().c_str(), 0755), 0);
  absl::StatusOr<rapidjson::Document> f = h->Probe({"read", "/proc/self/uid_map"});
  ASSERT_TRUE(f.ok()) << f.status();
  // Inside: uid 0 is host uid 100000, for 65536 ids.
  std::vector<std::string> fields =
      absl::StrSplit((*f)["content"].GetString(), ' ', absl::SkipEmpty());
  ASSERT_EQ(fields.size(), 3u) << (*f)["content"].GetString();
  EXPECT_EQ(fields[0], "0");
  EXPECT_EQ(fields[1], "100000");
  EXPECT_EQ(absl::StripTrailingAsciiWhitespace(fields[2]), "65536");
  absl::StatusOr<rapidjson::Document> facts = h->Probe({"facts"});
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ((*facts)["uid"].GetInt(), 0);
  EXPECT_NE(std::string((*facts)["namespaces"]["user"].GetString()), NsInode("user"));
}

TEST_F(ProcessTest, TerminalGivesAPtyOnStdioAndConsole) {
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"terminal": true, "args": ["/probe", "facts"]}})");
  ASSERT_TRUE(h.ok());
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok());
  absl::StatusOr<Container> c = Container::Create(*spec, h->Options("tty"));
  ASSERT_TRUE(c.ok()) << c.status();
  UniqueFd master = c->TakeConsole();
  ASSERT_TRUE(master.valid());
  // Raw mode: no echo or newline translation in what we read back.
  struct termios t;
  ASSERT_EQ(tcgetattr(master.get(), &t), 0);
  cfmakeraw(&t);
  tcsetattr(master.get(), TCSANOW, &t);
  ASSERT_TRUE(c->Start().ok());
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(master.get(), buf, sizeof(buf))) > 0) out.append(buf, n);  // EIO at hangup
  EXPECT_EQ(*c->Wait(), 0);
  ASSERT_TRUE(c->Destroy(true).ok());
  absl::StatusOr<rapidjson::Document> f = ParseJson(out);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE((*f)["tty"]["stdin"].GetBool());
  EXPECT_TRUE((*f)["tty"]["stdout"].GetBool());
  const rapidjson::Value* console = FindDevice(*f, "/dev/console");
  ASSERT_NE(console, nullptr);
  EXPECT_STREQ((*console)["type"].GetString(), "c");
  EXPECT_EQ((*console)["major"].GetInt(), 136);  // a pts slave
}

}  // namespace
}  // namespace nsinit::integration

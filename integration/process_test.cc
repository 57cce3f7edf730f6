// The container's process: pid 1, ids, env, cwd, HOME, umask, rlimits,
// hostname, namespaces, capabilities, no_new_privs, seccomp, oom score,
// sysctl, user namespaces, the terminal, and what the runtime must not
// leak into it.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>

#include <fstream>
#include <string>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

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
  readlink(absl::StrCat("/proc/self/ns/", name).c_str(), buf, sizeof(buf) - 1);
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
  ASSERT_EQ(system(absl::StrCat("mkdir -p ", fake->path(), "/self ", fake->path(),
                                "/sys/net/ipv4 && echo 0 > ", fake->path(),
                                "/sys/net/ipv4/ip_forward").c_str()), 0);
  absl::StatusOr<Harness> h = Harness::Create(absl::StrCat(R"({
      "linux": {"sysctl": {"net.ipv4.ip_forward": "1"}},
      "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                 {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","mode=755"]},
                 {"destination": "/proc", "type": "bind", "source": ")", fake->path(), R"(", "options": ["rbind"]}]})"));
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
  std::vector<std::string> fields = absl::StrSplit((*f)["content"].GetString(), ' ', absl::SkipEmpty());
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
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"process": {"terminal": true, "args": ["/probe", "facts"]}})");
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

// Both dialects of the runtime command line: every global and verb flag of
// runc 1.1 and crun 1.8 (from their --help on Debian 12) is accepted by
// nsinit, with its meaning, or refused with one line naming the flag and
// saying why. The flags that change what happens are checked for that
// effect on a real container; the rest at least reach the verb (the error
// is then about the missing container, never about the flag).
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int code = -1;
  std::string out, err;
};

class CliDialectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h = Harness::Create(R"({
        "process": {"args": ["/probe", "sleep-until-signal"]},
        "linux": {"resources": {"pids": {"limit": 64}}}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }
  void TearDown() override {
    if (!harness_) return;
    for (const char* id : {"d1", "d2", "d3", "keep", "cfg", "nocg"}) Run({"delete", "--force", id});
  }

  Result Run(const std::vector<std::string>& args, const std::string& root = "") {
    CaptureFile out, err;
    pid_t pid =
        StartRuntime(Runfile("tools/nsinit/nsinit"), root.empty() ? harness_->state_root() : root,
                     args, -1, out.fd(), err.fd(), harness_->bundle().path());
    Result r;
    r.code = WaitExitCode(pid);
    r.out = out.Read();
    r.err = err.Read();
    return r;
  }

  // A running container `id` of the harness's bundle.
  void Start(const std::string& id, std::vector<std::string> global = {}) {
    std::vector<std::string> args = global;
    for (const char* a : {"run", "-d"}) args.push_back(a);
    args.push_back(id);
    Result r = Run(args);
    ASSERT_EQ(r.code, 0) << r.err;
  }

  std::string Status(const std::string& id) {
    absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", id}).out);
    return st.ok() ? (*st)["status"].GetString() : "?";
  }

  std::optional<Harness> harness_;
};

// Every flag of both dialects reaches its verb. `argv` is the flag with a
// value where it takes one; the verb is then run on a container that does
// not exist, so the answer must be about that container (or, for a flag
// nsinit refuses, a refusal naming the flag), never "unknown flag".
TEST_F(CliDialectsTest, EveryFlagOfRuncAndCrunIsKnown) {
  struct Case {
    const char* verb;
    std::vector<std::string> flag;
  };
  const std::vector<Case> cases = {
      // create and run (runc 1.1, crun 1.8); -f is crun's --config.
      {"create", {"--no-new-keyring"}},
      {"create", {"--no-subreaper"}},
      {"create", {"--no-pivot"}},
      {"create", {"--pid-file", "/dev/null"}},
      {"create", {"-b", "/nonexistent-h1"}},
      {"create", {"--preserve-fds", "0"}},
      {"create", {"-f", "config.json"}},
      {"create", {"--config=config.json"}},
      {"run", {"--keep"}},
      {"run", {"--no-subreaper"}},
      {"run", {"--no-new-keyring"}},
      {"run", {"-d"}},
      {"run", {"-f", "config.json"}},
      // exec
      {"exec", {"--cap", "CAP_CHOWN"}},
      {"exec", {"-c", "CHOWN"}},
      {"exec", {"--additional-gids", "10"}},
      {"exec", {"-g", "10"}},
      {"exec", {"--no-new-privs"}},
      {"exec", {"--apparmor", "unconfined"}},
      {"exec", {"--process-label", "x"}},
      {"exec", {"--cgroup", "sub"}},
      {"exec", {"--ignore-paused"}},
      {"exec", {"--tty=false"}},
      {"exec", {"--preserve-fds", "0"}},
      {"exec", {"--pid-file", "/dev/null"}},
      {"exec", {"-d"}},
      {"exec", {"--cwd", "/"}},
      {"exec", {"-e", "A=1"}},
      {"exec", {"-u", "0"}},
      // delete, kill, list, ps, events, update
      {"delete", {"-f"}},
      {"delete", {"--regex"}},
      {"kill", {"-a"}},
      {"kill", {"-r"}},
      {"ps", {"-f", "json"}},
      {"events", {"--stats"}},
      {"events", {"--interval", "1s"}},
      {"update", {"--cpu-share", "512"}},
      {"update", {"--cpu-shares", "512"}},
      {"update", {"--blkio-weight", "0"}},
      {"update", {"--cpu-period", "100000"}},
      {"update", {"--cpu-quota", "-1"}},
      {"update", {"--cpu-rt-period", "0"}},
      {"update", {"--cpu-rt-runtime", "0"}},
      {"update", {"--cpuset-cpus", "0"}},
      {"update", {"--cpuset-mems", "0"}},
      {"update", {"--memory", "64m"}},
      {"update", {"--memory-reservation", "32m"}},
      {"update", {"--memory-swap", "-1"}},
      {"update", {"--kernel-memory", "0"}},
      {"update", {"--kernel-memory-tcp", "0"}},
      {"update", {"--pids-limit", "0"}},
      {"update", {"-r", "res.json"}},
      {"update", {"--l3-cache-schema", "L3:0=f"}},
      {"update", {"--mem-bw-schema", "MB:0=50"}},
      // crun's per-verb help spellings
      {"state", {"--usage"}},
      {"state", {"-?"}},
  };
  std::ofstream(harness_->bundle().path() + "/res.json") << "{}";
  for (const Case& c : cases) {
    const std::string verb = c.verb;
    std::vector<std::string> args = {c.verb};
    args.insert(args.end(), c.flag.begin(), c.flag.end());
    // create and run read a bundle that is not there: they fail on it, not
    // on the flag, and make nothing.
    if ((verb == "create" || verb == "run") && c.flag[0] != "-b") {
      args.push_back("-b");
      args.push_back("/nonexistent-h1");
    }
    args.push_back("no-such-container");
    if (std::string(c.verb) == "exec") args.push_back("true");
    Result r = Run(args);
    std::string flag = c.flag[0].substr(0, c.flag[0].find('='));
    SCOPED_TRACE(absl::StrJoin(args, " "));
    EXPECT_THAT(r.err, Not(HasSubstr("unknown flag")));
    if (flag == "--usage" || flag == "-?") {
      EXPECT_EQ(r.code, 0);
      EXPECT_THAT(r.out, HasSubstr("Usage: nsinit state"));
    } else if (verb == "create" || verb == "run") {
      EXPECT_NE(r.code, 0);
      EXPECT_THAT(r.err, HasSubstr("/nonexistent-h1"));
    } else if (((flag == "--regex" || flag == "-r") && verb != "update") ||
               (flag == "-f" && verb == "delete")) {
      EXPECT_EQ(r.code, 0) << r.err;  // nothing matches, or runc's delete -f of nothing
    } else {
      EXPECT_NE(r.code, 0);
      EXPECT_TRUE(absl::StrContains(r.err, "does not exist") ||
                  absl::StrContains(r.err, flag + ": refused"))
          << r.err;
    }
  }
  // The global flags of both.
  for (std::vector<std::string> global :
       std::vector<std::vector<std::string>>{{"--cgroup-manager", "cgroupfs"},
                                             {"--cgroup-manager=systemd"},
                                             {"--cgroup-manager=disabled"},
                                             {"--criu", "criu"},
                                             {"--rootless", "auto"},
                                             {"--rootless=false"},
                                             {"--systemd-cgroup"},
                                             {"--debug"},
                                             {"--log-format", "json"},
                                             {"--log", "file:/dev/null"}}) {
    global.push_back("list");
    Result r = Run(global);
    EXPECT_EQ(r.code, 0) << absl::StrJoin(global, " ") << ": " << r.err;
  }
  for (const char* v : {"-v", "-V", "--version"}) EXPECT_EQ(Run({v}).code, 0) << v;
  for (const char* h : {"-h", "-?", "--help", "--usage"}) {
    Result r = Run({h});
    EXPECT_EQ(r.code, 0) << h;
    EXPECT_THAT(r.out, HasSubstr("--cgroup-manager")) << h;
  }
  Result help = Run({"help", "exec"});
  EXPECT_EQ(help.code, 0);
  EXPECT_THAT(help.out, HasSubstr("--additional-gids"));
  Result bad = Run({"--cgroup-manager", "foo", "list"});
  EXPECT_NE(bad.code, 0);
  EXPECT_THAT(bad.err, HasSubstr("--cgroup-manager"));
  Result journald = Run({"--log", "journald:x", "list"});
  EXPECT_NE(journald.code, 0);
  EXPECT_THAT(journald.err, HasSubstr("--log"));
}

TEST_F(CliDialectsTest, CheckpointAndRestoreAreRefusedNamingTheFlag) {
  for (const char* verb : {"checkpoint", "restore"}) {
    Result r = Run({verb, "--image-path", "/tmp/x", "id"});
    EXPECT_NE(r.code, 0);
    EXPECT_THAT(r.err, HasSubstr(absl::StrCat(verb, " --image-path: refused")));
    EXPECT_THAT(r.err, HasSubstr("CRIU"));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  for (const char* flag : {"--leave-running", "--tcp-established", "--ext-unix-sk", "--shell-job",
                           "--lazy-pages", "--file-locks", "--pre-dump", "--auto-dedup"}) {
    Result r = Run({"checkpoint", flag, "id"});
    EXPECT_THAT(r.err, HasSubstr(absl::StrCat("checkpoint ", flag, ": refused"))) << flag;
  }
}

// exec --cap, --additional-gids, --no-new-privs change the new process.
TEST_F(CliDialectsTest, ExecProcessFlagsTakeEffect) {
  ASSERT_TRUE(harness_->Repatch(R"({"process": {"noNewPrivileges": false}})").ok());
  Start("d1");
  Result r = Run({"exec", "--cap", "CAP_SYS_ADMIN", "--additional-gids", "1234", "-g", "5,6",
                  "--no-new-privs", "d1", "/bin/sh", "-c",
                  "grep -E '^(CapEff|NoNewPrivs|Groups)' /proc/self/status"});
  ASSERT_EQ(r.code, 0) << r.err;
  // CAP_SYS_ADMIN is bit 21: 0x200000 in CapEff.
  std::string capeff = r.out.substr(r.out.find("CapEff:") + 8, 16);
  EXPECT_NE(std::stoull(capeff, nullptr, 16) & (1ull << 21), 0u) << r.out;
  EXPECT_THAT(r.out, HasSubstr("NoNewPrivs:\t1"));
  EXPECT_THAT(r.out, HasSubstr("1234"));
  EXPECT_THAT(r.out, HasSubstr("5 6"));
  Result plain = Run({"exec", "d1", "/bin/sh", "-c", "grep NoNewPrivs /proc/self/status"});
  EXPECT_THAT(plain.out, HasSubstr("NoNewPrivs:\t0"));
  Result refused = Run({"exec", "--cgroup", "sub", "d1", "true"});
  EXPECT_EQ(refused.code, 255);
  EXPECT_THAT(refused.err, HasSubstr("exec --cgroup: refused"));
  Result bad_cap = Run({"exec", "--cap", "CAP_NOPE", "d1", "true"});
  EXPECT_EQ(bad_cap.code, 255);
  EXPECT_THAT(bad_cap.err, HasSubstr("--cap"));
}

// runc's `ps ID [ps options]`: the host's ps, header and the container's rows.
TEST_F(CliDialectsTest, PsTableTakesPsOptions) {
  Start("d1");
  absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", "d1"}).out);
  ASSERT_TRUE(st.ok());
  std::string pid = absl::StrCat((*st)["pid"].GetInt());
  Result table = Run({"ps", "d1"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("PID"));
  EXPECT_THAT(table.out, HasSubstr(pid));
  EXPECT_THAT(table.out, HasSubstr("/probe sleep-until-signal"));
  Result custom = Run({"ps", "d1", "-o", "pid,comm"});
  ASSERT_EQ(custom.code, 0) << custom.err;
  // -o pid,comm: no UID column as in the default -ef.
  EXPECT_EQ(custom.out.substr(0, custom.out.find('\n')).find("UID"), std::string::npos)
      << custom.out;
  EXPECT_THAT(custom.out, HasSubstr(pid));
  EXPECT_NE(Run({"ps", "--format", "json", "d1", "-ef"}).code, 0);
}

TEST_F(CliDialectsTest, RunKeepLeavesTheStoppedContainer) {
  ASSERT_TRUE(harness_->Repatch(R"({"process": {"args": ["/bin/true"]}})").ok());
  Result r = Run({"run", "--keep", "keep"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Status("keep"), "stopped");
  EXPECT_EQ(Run({"delete", "keep"}).code, 0);
}

TEST_F(CliDialectsTest, UpdateCpuShareIsCpuShares) {
  Start("d1");
  Result r = Run({"update", "--cpu-share", "512", "d1"});
  ASSERT_EQ(r.code, 0) << r.err;
  absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", "d1"}).out);
  ASSERT_TRUE(st.ok());
  std::string cg = ReadFile(absl::StrCat("/proc/", (*st)["pid"].GetInt(), "/cgroup"));
  // The v1 hierarchy holding cpu ("N:cpu:/path" or "N:cpu,cpuacct:/path").
  std::string file;
  for (absl::string_view line : absl::StrSplit(cg, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits(':', 2));
    if (f.size() != 3) continue;
    std::vector<std::string> ctrls = absl::StrSplit(f[1], ',');
    if (std::find(ctrls.begin(), ctrls.end(), "cpu") == ctrls.end()) continue;
    file = absl::StrCat("/sys/fs/cgroup/", f[1], f[2], "/cpu.shares");
  }
  if (file.empty()) GTEST_SKIP() << "needs the v1 cpu controller";
  EXPECT_EQ(absl::StripTrailingAsciiWhitespace(ReadFile(file)), "512");
}

TEST_F(CliDialectsTest, RegexDeletesAndKillsEveryMatch) {
  Start("d1");
  Start("d2");
  Start("d3");
  EXPECT_EQ(Run({"kill", "-r", "d[12]", "KILL"}).code, 0);
  EXPECT_EQ(Run({"delete", "--force", "--regex", "d[12]"}).code, 0);
  EXPECT_EQ(Status("d1"), "?");
  EXPECT_EQ(Status("d2"), "?");
  EXPECT_EQ(Status("d3"), "running");
  EXPECT_EQ(Run({"delete", "-f", "-r", "d."}).code, 0);
  EXPECT_EQ(Status("d3"), "?");
}

// crun's create --config FILE and spec --file FILE.
TEST_F(CliDialectsTest, ConfigAndSpecFileFlags) {
  std::string other = harness_->bundle().path() + "/other.json";
  Result spec = Run({"spec", "--file", other});
  ASSERT_EQ(spec.code, 0) << spec.err;
  std::string text = ReadFile(other);
  ASSERT_THAT(text, HasSubstr("\"ociVersion\""));
  // The harness's own config, renamed: `create -f` must read this one.
  std::string config = ReadFile(harness_->bundle().path() + "/config.json");
  std::ofstream(other) << config;
  ASSERT_EQ(rename((harness_->bundle().path() + "/config.json").c_str(),
                   (harness_->bundle().path() + "/moved.json").c_str()),
            0);
  Result r = Run({"create", "-f", other, "cfg"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Status("cfg"), "created");
  rename((harness_->bundle().path() + "/moved.json").c_str(),
         (harness_->bundle().path() + "/config.json").c_str());
}

// --cgroup-manager disabled: no cgroup at all, the init stays in ours.
TEST_F(CliDialectsTest, CgroupManagerDisabledCreatesNoCgroup) {
  Result r = Run({"--cgroup-manager", "disabled", "create", "nocg"});
  ASSERT_EQ(r.code, 0) << r.err;
  absl::StatusOr<rapidjson::Document> st = ParseJson(Run({"state", "nocg"}).out);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(ReadFile(absl::StrCat("/proc/", (*st)["pid"].GetInt(), "/cgroup")),
            ReadFile("/proc/self/cgroup"));
  EXPECT_EQ(Run({"delete", "--force", "nocg"}).code, 0);
}

// containerd's --root /run/containerd/runc/default: made whole, 0700.
TEST_F(CliDialectsTest, RootIsMadeWhole) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("h1root");
  ASSERT_TRUE(dir.ok()) << dir.status();
  std::string root = dir->Sub("containerd") + "/runc/default";
  Result r = Run({"create", "d1"}, root);
  ASSERT_EQ(r.code, 0) << r.err;
  struct stat st;
  ASSERT_EQ(stat((dir->Sub("containerd") + "/runc").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(Run({"delete", "--force", "d1"}, root).code, 0);
}

}  // namespace
}  // namespace nsinit::integration

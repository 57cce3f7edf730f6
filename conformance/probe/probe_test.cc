// Runs the real probe binary on the host and checks its JSON against facts
// the test can see for itself.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace {

std::string ProbePath() {
  const char* srcdir = getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/nsinit/conformance/probe/probe";
}

std::string TmpDir() {
  const char* dir = getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

struct ProbeRun {
  pid_t pid = -1;
  int status = -1;
  std::string out;
};

// Runs the probe with `args` in `cwd`; `stdin_fd` (or /dev/null) as stdin.
// `after_start` runs in the parent with the child's pid and stdout pipe
// before the output is drained (used to signal it).
template <typename AfterStart>
ProbeRun RunProbe(const std::vector<std::string>& args, AfterStart after_start,
                  const std::string& cwd = "/") {
  int out[2];
  EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
  ProbeRun run;
  std::string path = ProbePath();
  run.pid = fork();
  if (run.pid == 0) {
    dup2(out[1], 1);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    if (chdir(cwd.c_str()) != 0) _exit(120);
    std::vector<char*> argv = {const_cast<char*>(path.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  after_start(run.pid, out[0]);
  char buf[65536];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0) run.out.append(buf, n);
  close(out[0]);
  waitpid(run.pid, &run.status, 0);
  return run;
}

ProbeRun RunProbe(const std::vector<std::string>& args, const std::string& cwd = "/") {
  return RunProbe(
      args, [](pid_t, int) {}, cwd);
}

rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

TEST(ProbeTest, FactsDescribeTheProcess) {
  std::string cwd = TmpDir();
  ProbeRun run = RunProbe({}, cwd);
  ASSERT_TRUE(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
  rapidjson::Document doc = Parse(run.out);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc["pid"].GetInt(), run.pid);
  EXPECT_EQ(doc["ppid"].GetInt(), getpid());
  char real[4096];
  ASSERT_NE(realpath(cwd.c_str(), real), nullptr);
  EXPECT_STREQ(doc["cwd"].GetString(), real);
  EXPECT_EQ(doc["uid"].GetUint(), getuid());
  EXPECT_EQ(doc["euid"].GetUint(), geteuid());
  EXPECT_EQ(doc["gid"].GetUint(), getgid());
  EXPECT_TRUE(doc["groups"].IsArray());
  EXPECT_TRUE(doc["env"].IsArray());
  EXPECT_TRUE(doc["hostname"].IsString());

  const rapidjson::Value& caps = doc["caps"];
  for (const char* set : {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
    ASSERT_TRUE(caps[set].IsObject()) << set;
    EXPECT_TRUE(caps[set]["hex"].IsString());
    EXPECT_TRUE(caps[set]["names"].IsArray());
  }
  if (geteuid() == 0) {
    bool has_chown = false;
    for (const auto& n : caps["effective"]["names"].GetArray()) {
      has_chown |= std::string(n.GetString()) == "CAP_CHOWN";
    }
    EXPECT_TRUE(has_chown);
  }
  EXPECT_TRUE(doc["no_new_privs"].IsInt());
  EXPECT_TRUE(doc["seccomp"].IsInt());

  const rapidjson::Value& nofile = doc["rlimits"]["RLIMIT_NOFILE"];
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  EXPECT_EQ(nofile["soft"].GetInt64(),
            rl.rlim_cur == RLIM_INFINITY ? -1 : static_cast<int64_t>(rl.rlim_cur));
  EXPECT_EQ(doc["rlimits"].MemberCount(), 16u);

  std::string mnt_ns = doc["namespaces"]["mnt"].GetString();
  char self_ns[256] = {};
  ASSERT_GT(readlink("/proc/self/ns/mnt", self_ns, sizeof(self_ns) - 1), 0);
  EXPECT_EQ(mnt_ns, self_ns);

  bool has_root = false;
  for (const auto& m : doc["mounts"].GetArray()) {
    if (std::string(m["mount_point"].GetString()) == "/") {
      has_root = true;
      EXPECT_TRUE(m["options"].IsArray());
      EXPECT_TRUE(m["super_options"].IsArray());
      EXPECT_GE(m["propagation"].Size(), 1u);
    }
  }
  EXPECT_TRUE(has_root);

  bool has_null = false;
  for (const auto& d : doc["devices"].GetArray()) {
    if (std::string(d["path"].GetString()) == "/dev/null") {
      has_null = true;
      EXPECT_STREQ(d["type"].GetString(), "c");
      EXPECT_EQ(d["major"].GetUint(), 1u);
      EXPECT_EQ(d["minor"].GetUint(), 3u);
    }
  }
  EXPECT_TRUE(has_null);

  // stdin is /dev/null, stdout our pipe, and nothing else leaks in except
  // what the test runner itself passed down.
  ASSERT_GE(doc["fds"].Size(), 2u);
  EXPECT_EQ(doc["fds"][0]["fd"].GetInt(), 0);
  EXPECT_STREQ(doc["fds"][0]["target"].GetString(), "/dev/null");
  EXPECT_EQ(doc["fds"][1]["fd"].GetInt(), 1);
  EXPECT_EQ(std::string(doc["fds"][1]["target"].GetString()).rfind("pipe:", 0), 0u);

  EXPECT_TRUE(doc["oom_score_adj"].IsInt());
  EXPECT_TRUE(doc["cgroup"].IsArray());
  EXPECT_FALSE(doc["tty"]["stdin"].GetBool());
  EXPECT_TRUE(doc["root_readonly"].IsBool());
  EXPECT_TRUE(doc["sysctls"].IsObject());
  EXPECT_TRUE(doc["personality"].IsInt());
}

TEST(ProbeTest, StatOfDevNull) {
  ProbeRun run = RunProbe({"stat", "/dev/null"});
  rapidjson::Document doc = Parse(run.out);
  EXPECT_TRUE(doc["exists"].GetBool());
  EXPECT_STREQ(doc["type"].GetString(), "c");
  EXPECT_EQ(doc["major"].GetUint(), 1u);
  EXPECT_EQ(doc["minor"].GetUint(), 3u);
  EXPECT_STREQ(doc["mode"].GetString(), "0666");
}

TEST(ProbeTest, SyscallGetcwdSucceeds) {
  ProbeRun run = RunProbe({"syscall", "getcwd"});
  rapidjson::Document doc = Parse(run.out);
  EXPECT_TRUE(doc["known"].GetBool());
  EXPECT_TRUE(doc["ok"].GetBool());
  EXPECT_TRUE(doc["errno"].IsNull());
  EXPECT_GT(doc["ret"].GetInt64(), 0);
}

TEST(ProbeTest, SyscallReportsErrnoByName) {
  ProbeRun run = RunProbe({"syscall", "setns"});
  rapidjson::Document doc = Parse(run.out);
  EXPECT_FALSE(doc["ok"].GetBool());
  EXPECT_STREQ(doc["errno"].GetString(), "EBADF");
}

TEST(ProbeTest, UnknownSyscallListsKnownNames) {
  ProbeRun run = RunProbe({"syscall", "no_such_call"});
  rapidjson::Document doc = Parse(run.out);
  EXPECT_FALSE(doc["known"].GetBool());
  EXPECT_GT(doc["known_names"].Size(), 10u);
}

TEST(ProbeTest, ReadMissingFileReportsEnoent) {
  ProbeRun run = RunProbe({"read", "/nonexistent"});
  rapidjson::Document doc = Parse(run.out);
  EXPECT_FALSE(doc["ok"].GetBool());
  EXPECT_STREQ(doc["errno"].GetString(), "ENOENT");
}

TEST(ProbeTest, WriteFileThenReadAndStat) {
  std::string path = TmpDir() + "/probe-written";
  ProbeRun w = RunProbe({"write-file", path, "hello \"json\"\n"});
  EXPECT_TRUE(Parse(w.out)["ok"].GetBool());
  ProbeRun r = RunProbe({"read", path});
  rapidjson::Document doc = Parse(r.out);
  EXPECT_TRUE(doc["ok"].GetBool());
  EXPECT_STREQ(doc["content"].GetString(), "hello \"json\"\n");
  EXPECT_FALSE(doc["truncated"].GetBool());
  ProbeRun s = RunProbe({"stat", path});
  EXPECT_STREQ(Parse(s.out)["type"].GetString(), "f");
  // `write` never creates.
  ProbeRun w2 = RunProbe({"write", path + ".absent", "x"});
  EXPECT_STREQ(Parse(w2.out)["errno"].GetString(), "ENOENT");
}

TEST(ProbeTest, BinaryContentComesAsHex) {
  std::string path = TmpDir() + "/probe-binary";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "\xff\x00\x01", 3), 3);
  close(fd);
  rapidjson::Document doc = Parse(RunProbe({"read", path}).out);
  EXPECT_STREQ(doc["content_hex"].GetString(), "ff0001");
}

TEST(ProbeTest, StatfsOfProc) {
  rapidjson::Document doc = Parse(RunProbe({"statfs", "/proc"}).out);
  EXPECT_TRUE(doc["ok"].GetBool());
  EXPECT_STREQ(doc["fs_type"].GetString(), "proc");
  EXPECT_TRUE(doc["flags"].IsArray());
}

TEST(ProbeTest, SysctlReadsProcSys) {
  rapidjson::Document doc = Parse(RunProbe({"sysctl", "kernel.ostype"}).out);
  EXPECT_TRUE(doc["ok"].GetBool());
  EXPECT_STREQ(doc["path"].GetString(), "/proc/sys/kernel/ostype");
  EXPECT_STREQ(doc["value"].GetString(), "Linux");
}

TEST(ProbeTest, ExitCodeIsPassedThrough) {
  ProbeRun run = RunProbe({"exit", "42"});
  ASSERT_TRUE(WIFEXITED(run.status));
  EXPECT_EQ(WEXITSTATUS(run.status), 42);
  EXPECT_EQ(run.out, "");
}

TEST(ProbeTest, UsageErrorExitsTwo) {
  ProbeRun run = RunProbe({"no-such-verb"});
  ASSERT_TRUE(WIFEXITED(run.status));
  EXPECT_EQ(WEXITSTATUS(run.status), 2);
}

TEST(ProbeTest, KillSelfDies) {
  ProbeRun run = RunProbe({"kill-self", "SIGUSR1"});
  ASSERT_TRUE(WIFSIGNALED(run.status));
  EXPECT_EQ(WTERMSIG(run.status), SIGUSR1);
}

TEST(ProbeTest, SleepUntilSignalReportsTheSignal) {
  ProbeRun run = RunProbe({"sleep-until-signal"}, [](pid_t pid, int out) {
    // Wait for the readiness line (no sleeps), then signal.
    std::string line;
    char c;
    while (read(out, &c, 1) == 1 && c != '\n') line.push_back(c);
    rapidjson::Document ready = Parse(line);
    EXPECT_TRUE(ready["ready"].GetBool());
    EXPECT_EQ(ready["pid"].GetInt(), pid);
    kill(pid, SIGTERM);
  });
  ASSERT_TRUE(WIFEXITED(run.status));
  EXPECT_EQ(WEXITSTATUS(run.status), 128 + SIGTERM);
  rapidjson::Document doc = Parse(run.out);
  EXPECT_EQ(doc["signal"].GetInt(), SIGTERM);
  EXPECT_STREQ(doc["name"].GetString(), "SIGTERM");
  EXPECT_EQ(doc["sender_pid"].GetInt(), getpid());
}

TEST(ProbeTest, WaitStdinReturnsAtEof) {
  ProbeRun run = RunProbe({"wait-stdin"});  // stdin is /dev/null: EOF at once
  ASSERT_TRUE(WIFEXITED(run.status));
  EXPECT_EQ(WEXITSTATUS(run.status), 0);
  EXPECT_EQ(Parse(run.out)["bytes"].GetInt(), 0);
}

TEST(ProbeTest, FdsOnlyListsStdio) {
  rapidjson::Document doc = Parse(RunProbe({"fds-only"}).out);
  ASSERT_TRUE(doc["fds"].IsArray());
  EXPECT_EQ(doc["fds"][0]["fd"].GetInt(), 0);
}

}  // namespace

// Exit codes and messages scripts match on, for nsinit and (when it is
// installed) runc 1.1 side by side: every row is asserted for both, so the
// table stays a description of runc's contract, not of nsinit's.
//
// Messages differ in detail (runc: `container does not exist`, nsinit:
// `container "x" does not exist`); the row's pattern is the part people
// grep for, and what both print.
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

constexpr char kRunc[] = "/usr/sbin/runc";

enum class Setup { kNone, kRunning, kPaused, kStopped };

struct Row {
  const char* name;
  Setup setup;
  std::vector<std::string> argv;  // "ID" is replaced by the container id
  int code;
  const char* message;  // POSIX ERE on stderr; "" for any
};

const Row kRows[] = {
    {"state_missing", Setup::kNone, {"state", "ID"}, 1, "does not exist"},
    {"start_missing", Setup::kNone, {"start", "ID"}, 1, "does not exist"},
    {"delete_missing", Setup::kNone, {"delete", "ID"}, 1, "does not exist"},
    {"delete_force_missing", Setup::kNone, {"delete", "--force", "ID"}, 0, ""},
    {"kill_missing", Setup::kNone, {"kill", "ID", "KILL"}, 1, "does not exist"},
    {"pause_missing", Setup::kNone, {"pause", "ID"}, 1, "does not exist"},
    {"ps_missing", Setup::kNone, {"ps", "ID"}, 1, "does not exist"},
    {"exec_missing", Setup::kNone, {"exec", "ID", "/probe"}, 255, "does not exist"},
    {"create_existing",
     Setup::kRunning,
     {"create", "--bundle", "BUNDLE", "ID"},
     1,
     "already exists"},
    {"run_existing",
     Setup::kRunning,
     {"run", "-d", "--bundle", "BUNDLE", "ID"},
     1,
     "already exists"},
    {"start_running",
     Setup::kRunning,
     {"start", "ID"},
     1,
     "cannot start an already running container"},
    {"delete_running", Setup::kRunning, {"delete", "ID"}, 1, "not stopped: running"},
    {"resume_running", Setup::kRunning, {"resume", "ID"}, 1, "not paused"},
    {"exec_status", Setup::kRunning, {"exec", "ID", "/probe", "exit", "7"}, 7, ""},
    {"exec_missing_binary", Setup::kRunning, {"exec", "ID", "/nonexistent"}, 255, "nonexistent"},
    {"pause_paused", Setup::kPaused, {"pause", "ID"}, 1, "not running"},
    {"kill_stopped", Setup::kStopped, {"kill", "ID", "KILL"}, 1, "not running"},
    {"start_stopped",
     Setup::kStopped,
     {"start", "ID"},
     1,
     "cannot start a container that has stopped"},
    {"exec_stopped",
     Setup::kStopped,
     {"exec", "ID", "/probe"},
     255,
     "cannot exec in a stopped container"},
    {"pause_stopped", Setup::kStopped, {"pause", "ID"}, 1, "not running"},
    {"resume_stopped", Setup::kStopped, {"resume", "ID"}, 1, "not paused"},
    {"update_stopped", Setup::kStopped, {"update", "--memory", "64m", "ID"}, 1, "not running"},
    {"delete_stopped", Setup::kStopped, {"delete", "ID"}, 0, ""},
};

struct Result {
  int code = -1;
  std::string err;
};

class ExitCodesTest : public ::testing::TestWithParam<Row> {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h =
        Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  Result Run(const std::string& bin, const std::string& root,
             const std::vector<std::string>& args) {
    CaptureFile out, err;
    int code = WaitExitCode(StartRuntime(bin, root, args, -1, out.fd(), err.fd()));
    return {code, err.Read()};
  }

  // Brings container "ec" to the row's state under `bin`, runs the row.
  void Check(const std::string& bin, const std::string& root, const Row& row) {
    std::string id = "ec";
    std::string bundle = harness_->bundle().path();
    if (row.setup != Setup::kNone) {
      Result r = Run(bin, root, {"run", "-d", "--bundle", bundle, id});
      ASSERT_EQ(r.code, 0) << bin << ": " << r.err;
    }
    if (row.setup == Setup::kPaused) {
      ASSERT_EQ(Run(bin, root, {"pause", id}).code, 0) << bin;
    }
    if (row.setup == Setup::kStopped) {
      // Wait for the init through a pidfd: kill returns before it is gone.
      CaptureFile out;
      pid_t pid = fork();
      if (pid == 0) {
        dup2(out.fd(), 1);
        execl(bin.c_str(), bin.c_str(), "--root", root.c_str(), "state", id.c_str(), nullptr);
        _exit(127);
      }
      waitpid(pid, nullptr, 0);
      absl::StatusOr<rapidjson::Document> st = ParseJson(out.Read());
      ASSERT_TRUE(st.ok()) << st.status();
      int pidfd = static_cast<int>(syscall(SYS_pidfd_open, (*st)["pid"].GetInt(), 0));
      ASSERT_GE(pidfd, 0);
      ASSERT_EQ(Run(bin, root, {"kill", id, "KILL"}).code, 0) << bin;
      struct pollfd p = {pidfd, POLLIN, 0};
      ASSERT_EQ(poll(&p, 1, 10000), 1);
      close(pidfd);
      // The reaper (not us) may not have collected it yet; state tells.
      for (int i = 0; i < 1000; ++i) {
        CaptureFile s;
        pid_t q = fork();
        if (q == 0) {
          dup2(s.fd(), 1);
          execl(bin.c_str(), bin.c_str(), "--root", root.c_str(), "state", id.c_str(), nullptr);
          _exit(127);
        }
        waitpid(q, nullptr, 0);
        if (s.Read().find("\"stopped\"") != std::string::npos) break;
      }
    }
    std::vector<std::string> args;
    for (const std::string& a : row.argv) {
      args.push_back(absl::StrReplaceAll(a, {{"BUNDLE", bundle}, {"ID", id}}));
    }
    Result r = Run(bin, root, args);
    EXPECT_EQ(r.code, row.code) << bin << " " << row.name << ": " << r.err;
    if (row.message[0] != '\0') {
      regex_t re;
      ASSERT_EQ(regcomp(&re, row.message, REG_EXTENDED | REG_NOSUB), 0);
      EXPECT_EQ(regexec(&re, r.err.c_str(), 0, nullptr, 0), 0)
          << bin << " " << row.name << ": stderr \"" << r.err << "\" lacks /" << row.message << "/";
      regfree(&re);
    }
    Run(bin, root, {"resume", id});
    Run(bin, root, {"delete", "--force", id});
  }

  std::optional<Harness> harness_;
};

TEST_P(ExitCodesTest, Nsinit) {
  Check(Runfile("tools/nsinit/nsinit"), harness_->state_root(), GetParam());
}

TEST_P(ExitCodesTest, RuncAgrees) {
  SKIP_UNLESS(testing::NeedBinary(kRunc));
  Check(kRunc, harness_->state_root() + "-runc", GetParam());
}

INSTANTIATE_TEST_SUITE_P(Table, ExitCodesTest, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

}  // namespace
}  // namespace nsinit::integration

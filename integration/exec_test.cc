// Exec into a running container: the seed's execin tests.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <optional>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

class ExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h = Harness::Create(
        R"({"process": {"args": ["/probe", "sleep-until-signal"]}, "hostname": "execbox"})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
    absl::StatusOr<config::Spec> spec = harness_->Spec();
    ASSERT_TRUE(spec.ok());
    spec_ = *spec;
    absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("exec"));
    ASSERT_TRUE(c.ok()) << c.status();
    container_.emplace(*std::move(c));
    ASSERT_TRUE(container_->Start().ok());
  }

  void TearDown() override {
    if (container_) {
      EXPECT_TRUE(container_->Destroy(true).ok());
    }
  }

  Output Exec(std::vector<std::string> args, config::Process proc) {
    proc.args = std::move(args);
    CaptureFile out, err;
    int stdio[3] = {-1, out.fd(), err.fd()};
    absl::StatusOr<process::ChildProcess> child = container_->Exec(proc, stdio);
    EXPECT_TRUE(child.ok()) << child.status();
    Output o;
    if (child.ok()) o.exit_code = *child->Wait();
    o.out = out.Read();
    o.err = err.Read();
    return o;
  }

  Output Exec(std::vector<std::string> args) { return Exec(std::move(args), *spec_.process); }

  std::optional<Harness> harness_;
  config::Spec spec_;
  std::optional<Container> container_;
};

TEST_F(ExecTest, SecondProcessSeesTheFirst) {
  Output o = Exec({"ps", "-o", "pid,args"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("1 /probe sleep-until-signal"), std::string::npos) << o.out;
}

TEST_F(ExecTest, JoinsEveryNamespaceOfTheInit) {
  Output o = Exec({"/probe", "facts"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  absl::StatusOr<rapidjson::Document> f = ParseJson(o.out);
  ASSERT_TRUE(f.ok());
  EXPECT_STREQ((*f)["hostname"].GetString(), "execbox");
  for (const char* ns : {"pid", "mnt", "uts", "ipc", "net"}) {
    char theirs[64] = {};
    ASSERT_GT(readlink(absl::StrCat("/proc/", container_->init_pid(), "/ns/", ns).c_str(), theirs,
                       sizeof(theirs) - 1),
              0)
        << ns;
    EXPECT_STREQ((*f)["namespaces"][ns].GetString(), theirs) << ns;
  }
  EXPECT_NE((*f)["pid"].GetInt(), 1);
}

TEST_F(ExecTest, JoinsTheSameCgroups) {
  Output o = Exec({"cat", "/proc/self/cgroup"});
  EXPECT_EQ(o.out, ReadFile(absl::StrCat("/proc/", container_->init_pid(), "/cgroup")));
}

TEST_F(ExecTest, ExitStatusIsReturned) { EXPECT_EQ(Exec({"/probe", "exit", "7"}).exit_code, 7); }

TEST_F(ExecTest, UserEnvAndCwdOverrides) {
  config::Process proc = *spec_.process;
  proc.user.uid = 1000;
  proc.user.gid = 1000;
  proc.cwd = "/tmp";
  proc.env.push_back("EXTRA=1");
  Output o = Exec({"/probe", "facts"}, proc);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  absl::StatusOr<rapidjson::Document> f = ParseJson(o.out);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)["uid"].GetInt(), 1000);
  EXPECT_STREQ((*f)["cwd"].GetString(), "/tmp");
  EXPECT_THAT(Strings((*f)["env"]), ::testing::Contains("EXTRA=1"));
}

TEST_F(ExecTest, MissingCommandIsAnErrorNotACrash) {
  config::Process proc = *spec_.process;
  proc.args = {"/nope"};
  absl::StatusOr<process::ChildProcess> child = container_->Exec(proc);
  ASSERT_FALSE(child.ok());
  EXPECT_NE(child.status().message().find("/nope"), absl::string_view::npos) << child.status();
}

TEST_F(ExecTest, SignalAllReachesExecdProcesses) {
  EXPECT_EQ(container_->Processes()->size(), 1u);
  ASSERT_TRUE(container_->Signal(SIGKILL, /*all=*/true).ok());
}

// An exec'd process is a child of the library's caller in the container's
// pid namespace. Destroy kills the init, which then waits, as a pid
// namespace's init, until that process is reaped: by this caller, busy in
// Destroy. Destroy must not wait for that forever.
TEST_F(ExecTest, DestroyWithAnUnreapedExecdProcessReturns) {
  config::Process proc = *spec_.process;
  proc.args = {"/probe", "sleep-until-signal"};
  absl::StatusOr<process::ChildProcess> child = container_->Exec(proc);
  ASSERT_TRUE(child.ok()) << child.status();
  std::future<absl::Status> destroyed =
      std::async(std::launch::async, [this] { return container_->Destroy(true); });
  // Only a guard, so a failure ends: reaping the process lets the init go.
  if (destroyed.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "Destroy still waits after 60 s";
  }
  absl::StatusOr<int> code = child->Wait();
  EXPECT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(code.value_or(-1), 128 + SIGKILL);
  absl::Status status = destroyed.get();
  EXPECT_TRUE(status.ok()) << status;
  container_.reset();
}

// The same for Wait: the init is killed, its exec'd process dies with it
// (same pid namespace) and is reaped by Wait, whose caller has not.
TEST_F(ExecTest, WaitReapsAnExecdProcessThatHoldsTheInit) {
  config::Process proc = *spec_.process;
  proc.args = {"/probe", "sleep-until-signal"};
  absl::StatusOr<process::ChildProcess> child = container_->Exec(proc);
  ASSERT_TRUE(child.ok()) << child.status();
  ASSERT_TRUE(container_->Signal(SIGKILL).ok());
  std::future<absl::StatusOr<int>> waited =
      std::async(std::launch::async, [this] { return container_->Wait(); });
  if (waited.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "Wait still waits after 60 s";
  }
  EXPECT_EQ(child->Wait().value_or(-1), 128 + SIGKILL);
  EXPECT_EQ(waited.get().value_or(-1), 128 + SIGKILL);
}

// A process exec'd while another thread already waits for the init: the
// waiting thread learns of it, and reaps it when the init is killed.
TEST_F(ExecTest, AProcessExecdDuringAWaitIsReapedByIt) {
  std::future<absl::StatusOr<int>> waited =
      std::async(std::launch::async, [this] { return container_->Wait(); });
  config::Process proc = *spec_.process;
  proc.args = {"/probe", "sleep-until-signal"};
  absl::StatusOr<process::ChildProcess> child = container_->Exec(proc);
  ASSERT_TRUE(child.ok()) << child.status();
  ASSERT_TRUE(container_->Signal(SIGKILL).ok());
  if (waited.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "Wait still waits after 60 s";
  }
  EXPECT_EQ(child->Wait().value_or(-1), 128 + SIGKILL);
  EXPECT_EQ(waited.get().value_or(-1), 128 + SIGKILL);
}

// A Container destroyed (not Destroy()ed) before the owner of a process
// exec'd into it: its destructor kills the init and reaps both.
TEST_F(ExecTest, TheCreatorsDestructorDoesNotWaitForAnExecdProcessItsOwnerHolds) {
  config::Process proc = *spec_.process;
  proc.args = {"/probe", "sleep-until-signal"};
  absl::StatusOr<process::ChildProcess> child = container_->Exec(proc);
  ASSERT_TRUE(child.ok()) << child.status();
  const pid_t init = container_->init_pid();
  std::future<void> gone = std::async(std::launch::async, [this] { container_.reset(); });
  if (gone.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "~Container still waits after 60 s";
  }
  EXPECT_EQ(child->Wait().value_or(-1), 128 + SIGKILL);
  gone.get();
  EXPECT_NE(access(absl::StrCat("/proc/", init).c_str(), F_OK), 0) << "the init is not reaped";
  absl::StatusOr<Container> left = Container::Load(harness_->state_root(), "exec");
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_TRUE(left->Destroy(true).ok());
}

}  // namespace
}  // namespace nsinit::integration

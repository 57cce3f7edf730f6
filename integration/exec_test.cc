// Exec into a running container: the seed's execin tests.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

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

}  // namespace
}  // namespace nsinit::integration

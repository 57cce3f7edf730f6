// OCI hooks end to end through the library: the order of all six lists,
// the state each reads on stdin, args and env, timeouts, and what a failing
// hook does to create, start and delete.
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/cgroups/manager.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/mount_table.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// A hook running `script` with /bin/sh (host or container, by phase).
config::Hook Sh(const std::string& script) {
  config::Hook h;
  h.path = "/bin/sh";
  h.args = {"sh", "-c", script};
  return h;
}

// Appends "<name> <state JSON on one line>" to `log`.
config::Hook Recorder(const std::string& name, const std::string& log) {
  return Sh(absl::StrCat("echo \"", name, " $(tr -d '\\n')\" >> ", log));
}

struct Entry {
  std::string name;
  rapidjson::Document state;
};

std::vector<Entry> ReadLog(const std::string& path) {
  std::vector<Entry> out;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n', absl::SkipEmpty())) {
    size_t space = line.find(' ');
    Entry e;
    e.name = std::string(line.substr(0, space));
    absl::StatusOr<rapidjson::Document> d = ParseJson(line.substr(space + 1));
    EXPECT_TRUE(d.ok()) << d.status();
    if (d.ok()) e.state = *std::move(d);
    out.push_back(std::move(e));
  }
  return out;
}

class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h = Harness::Create(
        R"({"root": {"readonly": false}, "process": {"args": ["/probe", "sleep-until-signal"]}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
    absl::StatusOr<config::Spec> spec = harness_->Spec();
    ASSERT_TRUE(spec.ok()) << spec.status();
    spec_ = *spec;
    rootfs_ = harness_->bundle().rootfs_path();
    log_ = rootfs_ + "/hooks.log";  // "/hooks.log" inside the container
  }

  std::vector<std::string> CgroupDirs(const std::string& id) const {
    return cgroups::Manager::For("", DefaultCgroupName(harness_->state_root(), id)).Directories();
  }

  std::optional<Harness> harness_;
  config::Spec spec_;
  std::string rootfs_;
  std::string log_;
};

TEST_F(HooksTest, AllSixRunInOrderWithTheStateOfTheirPhase) {
  spec_.annotations["org.example.k"] = "v";
  spec_.hooks.prestart = {Recorder("prestart", log_)};
  spec_.hooks.create_runtime = {Recorder("createRuntime", log_)};
  spec_.hooks.create_container = {Recorder("createContainer", log_)};
  spec_.hooks.start_container = {Recorder("startContainer", "/hooks.log")};
  spec_.hooks.poststart = {Recorder("poststart", log_)};
  spec_.hooks.poststop = {Recorder("poststop", log_)};

  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("six"));
  ASSERT_TRUE(c.ok()) << c.status();
  pid_t pid = c->init_pid();
  EXPECT_EQ(ReadLog(log_).size(), 3u) << "only prestart, createRuntime, createContainer at create";
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(ReadLog(log_).size(), 5u) << "startContainer and poststart before Start returns";
  ASSERT_TRUE(c->Destroy(true).ok());
  EXPECT_TRUE(c->warnings().empty());

  std::vector<Entry> log = ReadLog(log_);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"prestart", "creating"},      {"createRuntime", "creating"}, {"createContainer", "creating"},
      {"startContainer", "created"}, {"poststart", "running"},      {"poststop", "stopped"}};
  ASSERT_EQ(log.size(), want.size()) << ReadFile(log_);
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].first);
    EXPECT_EQ(log[i].name, want[i].first);
    const rapidjson::Document& s = log[i].state;
    ASSERT_TRUE(s.IsObject());
    EXPECT_STREQ(s["status"].GetString(), want[i].second.c_str());
    EXPECT_EQ(s["pid"].GetInt(), want[i].first == "poststop" ? 0 : pid);
    EXPECT_STREQ(s["id"].GetString(), "six");
    EXPECT_EQ(s["bundle"].GetString(), harness_->bundle().path());
    EXPECT_STREQ(s["annotations"]["org.example.k"].GetString(), "v");
  }
}

TEST_F(HooksTest, ArgsAndEnvAreExactlyTheConfigured) {
  std::string out = harness_->bundle().path() + "/argv-env";
  config::Hook h;
  h.path = "/bin/sh";
  h.args = {
      "zeroth", "-c",
      "tr '\\0' ' ' < /proc/$$/cmdline > " + out + "; echo >> " + out + "; env | sort >> " + out,
      "one"};
  h.env = {"HOOK_A=1", "HOOK_B=two words"};
  spec_.hooks.create_runtime = {h};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("args"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Destroy(true).ok());
  std::string got = ReadFile(out);
  EXPECT_TRUE(absl::StartsWith(got, "zeroth -c ")) << got;
  EXPECT_TRUE(absl::StrContains(got, " one \n")) << got;
  EXPECT_TRUE(absl::StrContains(got, "\nHOOK_A=1\nHOOK_B=two words\n")) << got;
  EXPECT_FALSE(absl::StrContains(got, "PATH=")) << "inherited from the runtime: " << got;
}

TEST_F(HooksTest, CreateContainerHookRunsWithTheUsualUmask) {
  std::string out = harness_->bundle().path() + "/umask";
  spec_.hooks.create_container = {Sh("umask > " + out)};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("umask"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Destroy(true).ok());
  EXPECT_EQ(ReadFile(out), "0022\n");
}

TEST_F(HooksTest, TimedOutCreateContainerHookFailsCreate) {
  config::Hook h = Sh("exec sleep 60");
  h.timeout = 1;
  spec_.hooks.create_container = {h};
  absl::Time start = absl::Now();
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("slow"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::StrContains(c.status().message(), "createContainer hook 0 (/bin/sh)"))
      << c.status();
  EXPECT_TRUE(absl::StrContains(c.status().message(), "timed out after 1s")) << c.status();
  EXPECT_FALSE(Exists(harness_->state_root() + "/slow"));
}

TEST_F(HooksTest, FailingCreateRuntimeHookLeavesNothingBehind) {
  std::string state_file = harness_->bundle().path() + "/state-seen";
  std::string poststop_ran = harness_->bundle().path() + "/poststop-ran";
  spec_.hooks.create_runtime = {Sh("cat > " + state_file + "; echo no-thanks >&2; exit 3"),
                                Sh("touch " + harness_->bundle().path() + "/second-ran")};
  spec_.hooks.poststop = {Sh("touch " + poststop_ran)};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("bad"));
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::StrContains(c.status().message(),
                                "createRuntime hook 0 (/bin/sh): exit status 3; output: no-thanks"))
      << c.status();
  EXPECT_FALSE(Exists(harness_->bundle().path() + "/second-ran"));
  EXPECT_TRUE(Exists(poststop_ran)) << "a failed create ends as a delete does";

  absl::StatusOr<rapidjson::Document> seen = ParseJson(ReadFile(state_file));
  ASSERT_TRUE(seen.ok()) << seen.status();
  pid_t pid = (*seen)["pid"].GetInt();
  ASSERT_GT(pid, 0);
  EXPECT_FALSE(Exists(absl::StrCat("/proc/", pid))) << "the init is still there";
  EXPECT_FALSE(Exists(harness_->state_root() + "/bad"));
  for (const std::string& d : CgroupDirs("bad")) EXPECT_FALSE(Exists(d)) << d;
  absl::StatusOr<std::vector<std::string>> mounts = testing::ReadMountPoints();
  ASSERT_TRUE(mounts.ok());
  for (const std::string& m : *mounts) {
    EXPECT_FALSE(absl::StartsWith(m, harness_->bundle().path())) << "left mounted: " << m;
  }
}

// While create runs its hooks the container is "creating": a delete without
// --force from another process is refused and create goes on unharmed.
TEST_F(HooksTest, DeleteWithoutForceRefusesAContainerStillCreating) {
  std::string rc = harness_->bundle().path() + "/delete-exit";
  std::string err = harness_->bundle().path() + "/delete-err";
  config::Hook h;
  h.path = "/bin/sh";
  h.args = {"sh",
            "-c",
            absl::StrCat("cat > /dev/null; \"$0\" --root \"$1\" delete \"$2\" 2> ", err,
                         "; echo $? > ", rc),
            Runfile("tools/nsinit/nsinit"),
            harness_->state_root(),
            "busy"};
  spec_.hooks.create_runtime = {h};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("busy"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(absl::StripTrailingAsciiWhitespace(ReadFile(rc)), "1") << ReadFile(err);
  EXPECT_TRUE(absl::StrContains(ReadFile(err), "not stopped: creating")) << ReadFile(err);
  absl::StatusOr<state::State> st = c->State();
  ASSERT_TRUE(st.ok()) << st.status();
  EXPECT_EQ(st->status, state::Status::kCreated);
  EXPECT_TRUE(c->Destroy(true).ok());
}

TEST_F(HooksTest, FailingStartContainerHookFailsStart) {
  spec_.hooks.start_container = {Sh("echo inside >&2; exit 4")};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("sc"));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::Status s = c->Start();
  EXPECT_TRUE(absl::StrContains(s.message(), "startContainer hook 0 (/bin/sh): exit status 4"))
      << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "inside")) << s;
  EXPECT_EQ(*c->Wait(), 1);
  EXPECT_EQ(c->State()->status, state::Status::kStopped);
  ASSERT_TRUE(c->Destroy().ok());
}

TEST_F(HooksTest, FailingPoststartOnlyWarns) {
  std::string second = harness_->bundle().path() + "/second-ran";
  spec_.hooks.poststart = {Sh("exit 5"), Sh("touch " + second)};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("ps"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Start().ok());
  EXPECT_EQ(c->State()->status, state::Status::kRunning);
  EXPECT_TRUE(Exists(second));
  ASSERT_EQ(c->warnings().size(), 1u);
  EXPECT_TRUE(absl::StrContains(c->warnings()[0], "poststart hook 0 (/bin/sh): exit status 5"))
      << c->warnings()[0];
  ASSERT_TRUE(c->Destroy(true).ok());
}

TEST_F(HooksTest, FailingPoststopOnlyWarns) {
  std::string second = harness_->bundle().path() + "/second-ran";
  spec_.hooks.poststop = {Sh("exit 6"), Sh("touch " + second)};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("pst"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Destroy(true).ok());
  EXPECT_TRUE(Exists(second));
  EXPECT_FALSE(Exists(harness_->state_root() + "/pst"));
  ASSERT_EQ(c->warnings().size(), 1u);
  EXPECT_TRUE(absl::StrContains(c->warnings()[0], "poststop hook 0 (/bin/sh): exit status 6"))
      << c->warnings()[0];
}

TEST_F(HooksTest, LoadedContainerRunsTheHooksItWasCreatedWith) {
  std::string poststart = harness_->bundle().path() + "/poststart-ran";
  std::string poststop = harness_->bundle().path() + "/poststop-ran";
  spec_.hooks.poststart = {Sh("touch " + poststart)};
  spec_.hooks.poststop = {Sh("touch " + poststop)};
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("saved"));
  ASSERT_TRUE(c.ok()) << c.status();
  // The bundle changes after create (its config.json has no hooks at all):
  // start and delete by another process still run the create-time hooks.
  ASSERT_TRUE(harness_->Repatch("{}").ok());
  absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "saved");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->Start().ok());
  EXPECT_TRUE(Exists(poststart));
  ASSERT_TRUE(loaded->Destroy(true).ok());
  EXPECT_TRUE(Exists(poststop));
  EXPECT_TRUE(loaded->warnings().empty());
}

TEST_F(HooksTest, ContainerWithoutHooksRunsNoneOfItsBundles) {
  // Created without hooks; the bundle gains a poststop hook afterwards.
  absl::StatusOr<Container> c = Container::Create(spec_, harness_->Options("none"));
  ASSERT_TRUE(c.ok()) << c.status();
  std::string poststop = harness_->bundle().path() + "/poststop-ran";
  ASSERT_TRUE(harness_
                  ->Repatch(absl::StrCat(
                      R"({"hooks": {"poststop": [{"path": "/bin/sh", "args": ["sh", "-c", "touch )",
                      poststop, R"("]}]}})"))
                  .ok());
  absl::StatusOr<Container> loaded = Container::Load(harness_->state_root(), "none");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->Destroy(true).ok());
  EXPECT_FALSE(Exists(poststop));
}

}  // namespace
}  // namespace nsinit::integration

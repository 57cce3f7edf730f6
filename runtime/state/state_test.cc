#include "runtime/state/state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace nsinit::state {
namespace {

std::string TempRoot() {
  const char* tmp = getenv("TEST_TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/state-" + std::to_string(getpid());
}

TEST(StateTest, SaveLoadRemove) {
  Store store(TempRoot());
  ASSERT_TRUE(store.CreateDir("c1").ok());
  EXPECT_EQ(store.CreateDir("c1").code(), absl::StatusCode::kAlreadyExists);
  State s;
  s.id = "c1";
  s.pid = 42;
  s.bundle = "/b";
  s.annotations["k"] = "v";
  s.init_start_time = 123;
  s.init_pid_ns = 4026531836;
  ASSERT_TRUE(store.Save(s).ok());
  absl::StatusOr<State> got = store.Load("c1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->pid, 42);
  EXPECT_EQ(got->bundle, "/b");
  EXPECT_EQ(got->annotations.at("k"), "v");
  EXPECT_EQ(got->init_start_time, 123u);
  EXPECT_EQ(got->init_pid_ns, 4026531836u);
  EXPECT_EQ(store.List()->size(), 1u);
  ASSERT_TRUE(store.Remove("c1").ok());
  EXPECT_EQ(store.Load("c1").status().message(), "container \"c1\" does not exist");
}

TEST(StateTest, CgroupHierarchiesRoundTripAndAMalformedListIsDropped) {
  State s;
  s.id = "c";
  s.cgroups_path = "/nsinit/c";
  s.cgroup_hierarchies = {{"/sys/fs/cgroup/cpu,cpuacct", {"cpu", "cpuacct"}, false, false},
                          {"/sys/fs/cgroup/systemd", {"name=systemd"}, false, true},
                          {"/sys/fs/cgroup/unified", {}, true, false}};
  absl::StatusOr<State> got = FromJson(ToJson(s, /*oci_only=*/false));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->cgroup_hierarchies, s.cgroup_hierarchies);
  EXPECT_EQ(ToJson(s, /*oci_only=*/true).find("cgroupHierarchies"), std::string::npos);

  // An entry without a mount point: the list is dropped, so the runtime
  // asks the host again instead of using half of it.
  got = FromJson(R"({"status": "stopped", "nsinit": {"cgroupHierarchies":
      [{"mountPoint": "/sys/fs/cgroup/memory", "controllers": ["memory"]}, {"v2": true}]}})");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->cgroup_hierarchies.empty());
  // A state written before the field existed has none.
  got = FromJson(R"({"status": "stopped", "nsinit": {"cgroupsPath": "/nsinit/c"}})");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->cgroup_hierarchies.empty());
}

TEST(StateTest, IdsCannotEscapeTheRoot) {
  EXPECT_FALSE(ValidateId("../x").ok());
  EXPECT_FALSE(ValidateId("").ok());
  EXPECT_FALSE(ValidateId("..").ok());
  EXPECT_TRUE(ValidateId("my-container_1.2").ok());
  EXPECT_TRUE(ValidateId("a+b").ok());
  // runc's rule: nothing but letters, digits and _ + - .
  for (const char* bad : {"foo bar", "a:b", "a\tb", "x*", "caf\xc3\xa9", "a\\b"}) {
    EXPECT_FALSE(ValidateId(bad).ok()) << bad;
  }
  EXPECT_EQ(ValidateId("foo bar").message(),
            "invalid container id \"foo bar\": only letters, digits, '_', '+', '-' and '.' are "
            "allowed, and not \".\" or \"..\"");
}

TEST(StateTest, OciJsonHasNoPrivateFields) {
  State s;
  s.id = "x";
  s.status = state::Status::kStopped;
  s.pid = 7;
  std::string json = ToJson(s, true);
  EXPECT_EQ(json.find("nsinit"), std::string::npos);
  EXPECT_NE(json.find("\"pid\": 0"), std::string::npos) << json;
}

TEST(StateTest, StatusIsWrittenByNameAndParsedBack) {
  State s;
  s.id = "x";
  s.status = Status::kPaused;
  std::string json = ToJson(s, false);
  EXPECT_NE(json.find("\"status\": \"paused\""), std::string::npos) << json;
  absl::StatusOr<State> back = FromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->status, Status::kPaused);
}

TEST(StateTest, AnUnknownOrMissingStatusFailsNamingTheField) {
  absl::StatusOr<State> s = FromJson(R"({"id": "x", "status": "sleeping"})");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "status: \"sleeping\" is no container status");
  s = FromJson(R"({"id": "x", "status": 3})");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "status: missing or not a string");
  EXPECT_FALSE(FromJson(R"({"id": "x"})").ok());
}

TEST(StateTest, LoadNamesTheFileOfABadStatus) {
  Store store(TempRoot() + "-badstatus");
  ASSERT_TRUE(store.CreateDir("c5").ok());
  ASSERT_TRUE(store.WriteFile("c5", "state.json", R"({"id": "c5", "status": "zombie"})").ok());
  absl::StatusOr<State> got = store.Load("c5");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find(store.Dir("c5") + "/state.json"), std::string::npos)
      << got.status();
  EXPECT_NE(got.status().message().find("status: \"zombie\""), std::string::npos) << got.status();
  ASSERT_TRUE(store.Remove("c5").ok());
}

TEST(StateTest, StartTimeOfSelfIsKnownAndOfNobodyZero) {
  EXPECT_GT(ProcessStartTime(getpid()), 0u);
  EXPECT_EQ(ProcessStartTime(999999999), 0u);
  EXPECT_EQ(ReadProcessStat(getpid()).state, 'R');  // reading its own stat
  EXPECT_EQ(ReadProcessStat(999999999).state, 0);
}

TEST(StateTest, DirectoryWithoutStateFileIsCreating) {
  Store store(TempRoot() + "-creating");
  ASSERT_TRUE(store.CreateDir("c2").ok());
  absl::StatusOr<State> got = store.Load("c2");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->status, state::Status::kCreating);
  EXPECT_EQ(got->pid, 0);
  EXPECT_FALSE(got->has_state_file);
  ASSERT_TRUE(store.Remove("c2").ok());
}

TEST(StateTest, WriteFileIsPrivateAndReadBack) {
  Store store(TempRoot() + "-write");
  ASSERT_TRUE(store.CreateDir("c3").ok());
  ASSERT_TRUE(store.WriteFile("c3", "config.json", "{}").ok());
  struct stat st;
  ASSERT_EQ(stat((store.Dir("c3") + "/config.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*store.ReadFile("c3", "config.json"), "{}");
  EXPECT_EQ(store.ReadFile("c3", "nothing").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(store.Remove("c3").ok());
}

TEST(StateTest, LockOnARemovedDirectoryReportsItGone) {
  Store store(TempRoot() + "-lock");
  absl::StatusOr<UniqueFd> held = store.CreateDirLocked("c4");
  ASSERT_TRUE(held.ok()) << held.status();
  // Shared and exclusive both wait for the holder: checked non-blocking.
  UniqueFd other(open(store.Dir("c4").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  EXPECT_NE(flock(other.get(), LOCK_SH | LOCK_NB), 0);
  ASSERT_TRUE(store.Remove("c4").ok());
  held->reset();
  EXPECT_EQ(store.Lock("c4").status().code(), absl::StatusCode::kNotFound);
}

TEST(StateTest, StatusNamesRoundTrip) {
  for (Status s :
       {Status::kCreating, Status::kCreated, Status::kRunning, Status::kPaused, Status::kStopped}) {
    EXPECT_EQ(*ParseStatus(StatusName(s)), s);
  }
  EXPECT_FALSE(ParseStatus("exploded").ok());
}
// The state parser recursed and overflowed the stack on deep nesting (as
// the config parser did: //runtime/config/fuzz:oci_config_fuzzer).
TEST(StateTest, DeeplyNestedStateIsAnErrorNotACrash) {
  constexpr size_t kDepth = 1000000;
  absl::StatusOr<State> s = FromJson(std::string(kDepth, '[') + std::string(kDepth, ']'));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace nsinit::state

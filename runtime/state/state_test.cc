#include "runtime/state/state.h"

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
  ASSERT_TRUE(store.Save(s).ok());
  absl::StatusOr<State> got = store.Load("c1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->pid, 42);
  EXPECT_EQ(got->bundle, "/b");
  EXPECT_EQ(got->annotations.at("k"), "v");
  EXPECT_EQ(got->init_start_time, 123u);
  EXPECT_EQ(store.List()->size(), 1u);
  ASSERT_TRUE(store.Remove("c1").ok());
  EXPECT_EQ(store.Load("c1").status().message(), "container \"c1\" does not exist");
}

TEST(StateTest, IdsCannotEscapeTheRoot) {
  EXPECT_FALSE(ValidateId("../x").ok());
  EXPECT_FALSE(ValidateId("").ok());
  EXPECT_FALSE(ValidateId("..").ok());
  EXPECT_TRUE(ValidateId("my-container_1.2").ok());
}

TEST(StateTest, OciJsonHasNoPrivateFields) {
  State s;
  s.id = "x";
  s.status = "stopped";
  s.pid = 7;
  std::string json = ToJson(s, true);
  EXPECT_EQ(json.find("nsinit"), std::string::npos);
  EXPECT_NE(json.find("\"pid\": 0"), std::string::npos) << json;
}

TEST(StateTest, StartTimeOfSelfIsKnownAndOfNobodyZero) {
  EXPECT_GT(ProcessStartTime(getpid()), 0u);
  EXPECT_EQ(ProcessStartTime(999999999), 0u);
  EXPECT_EQ(ReadProcessStat(getpid()).state, 'R');  // reading its own stat
  EXPECT_EQ(ReadProcessStat(999999999).state, 0);
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

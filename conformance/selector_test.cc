#include "conformance/selector.h"

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

constexpr char kFacts[] = R"({
  "pid": 1, "argv": ["/probe", "facts"],
  "sysctls": {"kernel.hostname": "h"},
  "mounts": [
    {"mount_point": "/", "options": ["ro"]},
    {"mount_point": "/proc", "options": ["rw", "nosuid", "nodev"]},
    {"mount_point": "/a", "options": ["rw"], "n": 1},
    {"mount_point": "/a", "options": ["ro"], "n": 2}
  ]
})";

CheckOutcome Check(const char* observation, const Variables& vars = {}) {
  rapidjson::Document facts, obs;
  facts.Parse(kFacts);
  obs.Parse(observation);
  absl::StatusOr<CheckOutcome> o = Evaluate(obs, facts, vars);
  EXPECT_TRUE(o.ok()) << o.status();
  return o.ok() ? *o : CheckOutcome{false, "error"};
}

TEST(SelectorTest, SelectsMembersFiltersAndIndexes) {
  rapidjson::Document d;
  d.Parse(kFacts);
  auto s = Select(d, "mounts[mount_point=/a].n");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 2u);
  s = Select(d, "mounts[mount_point=/a][-1].n");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0]->GetInt(), 2);
  s = Select(d, "sysctls.'kernel.hostname'");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_STREQ((*s)[0]->GetString(), "h");
  s = Select(d, "mounts[*].mount_point");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 4u);
  s = Select(d, "mounts[mount_point!=/a][n=1]");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 0u);
}

TEST(SelectorTest, MalformedPathIsAnError) {
  rapidjson::Document d;
  d.Parse(kFacts);
  EXPECT_FALSE(Select(d, "mounts[").ok());
  EXPECT_FALSE(Select(d, "a..b").ok());
  EXPECT_FALSE(Select(d, "mounts[x y]").ok());
}

TEST(SelectorTest, ChecksPassAndFail) {
  EXPECT_TRUE(
      Check(R"({"path": "mounts[mount_point=/proc].options", "contains": "nosuid"})").passed);
  EXPECT_FALSE(
      Check(R"({"path": "mounts[mount_point=/proc].options", "contains": "noexec"})").passed);
  EXPECT_TRUE(
      Check(R"({"path": "mounts[mount_point=/proc].options", "contains": ["nosuid", "nodev"]})")
          .passed);
  EXPECT_TRUE(
      Check(R"({"path": "mounts[mount_point=/proc].options", "not_contains": "ro"})").passed);
  EXPECT_TRUE(Check(R"({"path": "argv", "equals": ["/probe", "facts"]})").passed);
  EXPECT_FALSE(Check(R"({"path": "argv", "equals": ["/probe"]})").passed);
  EXPECT_TRUE(Check(R"({"path": "pid", "equals": "${pid}"})", {{"pid", "1"}}).passed);
  EXPECT_FALSE(Check(R"({"path": "pid", "equals": "${pid}"})", {{"pid", "2"}}).passed);
  EXPECT_TRUE(Check(R"({"path": "pid", "lt": 2, "ge": 1})").passed);
  EXPECT_FALSE(Check(R"({"path": "pid", "gt": 1})").passed);
  EXPECT_TRUE(Check(R"({"path": "argv[0]", "matches": "^/pro+be$"})").passed);
  EXPECT_TRUE(Check(R"({"path": "nothing", "absent": true})").passed);
  EXPECT_FALSE(Check(R"({"path": "nothing", "exists": true})").passed);
  EXPECT_FALSE(Check(R"({"path": "nothing", "equals": 1})").passed) << "no value never passes";
  EXPECT_TRUE(Check(R"({"path": "mounts[mount_point=/a]", "count": 2})").passed);
  EXPECT_TRUE(
      Check(R"({"path": "mounts[*].mount_point", "subset_of": ["/", "/proc", "/a"]})").passed);
  EXPECT_FALSE(Check(R"({"path": "mounts[*].mount_point", "subset_of": ["/", "/a"]})").passed);
  EXPECT_TRUE(Check(R"({"path": "argv", "length": 2})").passed);
  EXPECT_TRUE(Check(R"({"path": "argv", "type": "array"})").passed);
  EXPECT_TRUE(Check(R"({"path": "pid", "one_of": [0, 1]})").passed);
}

TEST(SelectorTest, FailureMessageNamesPathAndValue) {
  CheckOutcome o = Check(R"({"path": "mounts[mount_point=/proc].options", "contains": "noexec"})");
  EXPECT_NE(o.message.find("mounts[mount_point=/proc].options"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("nosuid"), std::string::npos) << o.message;
}

TEST(SelectorTest, BadObservationsAreErrors) {
  rapidjson::Document facts, obs;
  facts.Parse(kFacts);
  obs.Parse(R"({"path": "pid", "equalz": 1})");
  EXPECT_FALSE(Evaluate(obs, facts, {}).ok());
  obs.Parse(R"({"path": "pid"})");
  EXPECT_FALSE(Evaluate(obs, facts, {}).ok());
  obs.Parse(R"({"path": "argv[0]", "matches": "("})");
  EXPECT_FALSE(Evaluate(obs, facts, {}).ok());
  obs.Parse(R"({"path": "pid", "equals": "${nope}"})");
  EXPECT_FALSE(Evaluate(obs, facts, {}).ok());
}

}  // namespace
}  // namespace nsinit::conformance

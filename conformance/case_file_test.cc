#include "conformance/case_file.h"

#include "conformance/selector.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(CaseFileTest, RunCaseGetsARunStepAndArgs) {
  absl::StatusOr<Case> c = ParseCase(
      R"({"id": "x", "requirements": ["MNT-001"], "patch": {"hostname": "h"},
          "run": ["/probe", "exit", "3"], "expect": [{"path": "pid", "equals": 1}]})",
      "mnt", "x.json");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->area, "MNT");
  EXPECT_EQ(c->patch, R"({"hostname":"h","process":{"args":["/probe","exit","3"]}})");
  ASSERT_TRUE(c->steps().IsArray());
  EXPECT_STREQ(c->steps()[0]["step"].GetString(), "run");
  EXPECT_TRUE(c->steps()[0].HasMember("expect"));
}

TEST(CaseFileTest, ProbesBecomeAShellLine) {
  absl::StatusOr<Case> c = ParseCase(
      R"({"id": "x", "requirements": ["A-001"], "probes": [["facts"], ["write-file", "/a b", "it's"]],
          "expect": []})",
      "a", "x.json");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_NE(c->patch.find(R"(/probe facts; /probe write-file '/a b' 'it'\\''s')"),
            std::string::npos)
      << c->patch;
}

TEST(CaseFileTest, DefaultProcessIsProbeFacts) {
  absl::StatusOr<Case> c =
      ParseCase(R"({"id": "x", "requirements": ["A-001"], "expect": []})", "a", "x.json");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->patch, R"({"process":{"args":["/probe","facts"]}})");
  c = ParseCase(R"({"id": "x", "requirements": ["A-001"], "patch": {"process": null},
                    "steps": [{"step": "create"}]})",
                "a", "x.json");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->patch, R"({"process":null})");
}

TEST(CaseFileTest, TyposAreErrors) {
  EXPECT_FALSE(ParseCase(R"({"id": "x", "requirements": ["A-001"], "expct": []})", "a", "f").ok());
  EXPECT_FALSE(ParseCase(R"({"id": "x", "requirements": [], "expect": []})", "a", "f").ok());
  EXPECT_FALSE(ParseCase(R"({"requirements": ["A-001"], "expect": []})", "a", "f").ok());
  EXPECT_FALSE(ParseCase(R"({"id": "x", "requirements": ["A-001"]})", "a", "f").ok());
  EXPECT_FALSE(
      ParseCase(R"({"id": "x", "requirements": ["A-001"], "steps": [{"stp": "run"}]})", "a", "f")
          .ok());
  EXPECT_FALSE(
      ParseCase(R"({"id": "x", "requirements": ["A-001"], "rootfs": {"filez": {}}, "expect": []})",
                "a", "f")
          .ok());
  EXPECT_FALSE(ParseCase("{not json", "a", "f").ok());
}

TEST(CaseFileTest, SkipNeedsNoExpect) {
  absl::StatusOr<Case> c =
      ParseCase(R"({"id": "x", "requirements": ["A-001"], "skip": "needs C++"})", "a", "f");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->skip, "needs C++");
}

TEST(CaseFileTest, ShellJoinQuotes) {
  EXPECT_EQ(ShellJoin({"/probe", "read", "/a"}), "/probe read /a");
  EXPECT_EQ(ShellJoin({"x y", ""}), "'x y' ''");
}

}  // namespace
}  // namespace nsinit::conformance

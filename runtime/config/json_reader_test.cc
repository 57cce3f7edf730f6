#include "runtime/config/json_reader.h"

#include <cstdint>
#include <optional>

#include "gtest/gtest.h"

namespace nsinit::config {
namespace {

class JsonReaderTest : public ::testing::Test {
 protected:
  JsonNode Parse(absl::string_view text) {
    absl::Status status = ParseJsonDocument(text, &doc_);
    EXPECT_TRUE(status.ok()) << status;
    return JsonNode(doc_, "");
  }
  rapidjson::Document doc_;
};

TEST_F(JsonReaderTest, InvalidJsonGivesLineAndColumn) {
  rapidjson::Document doc;
  absl::Status status = ParseJsonDocument("{\n  \"a\": 1,\n  ]\n}", &doc);
  EXPECT_EQ(status.message(),
            "invalid JSON at line 3, column 3 (offset 14): Missing a name for "
            "object member.");
}

TEST_F(JsonReaderTest, TrailingGarbageIsAnError) {
  rapidjson::Document doc;
  EXPECT_FALSE(ParseJsonDocument("{} x", &doc).ok());
}

TEST_F(JsonReaderTest, ReadsTypedMembersWithPaths) {
  JsonNode top = Parse(R"({"a": {"s": "x", "n": 5, "b": true, "l": ["p", "q"]}})");
  JsonNode a = *top.Find("a");
  EXPECT_EQ(a.path(), "a");
  std::string s;
  ASSERT_TRUE(a.Read("s", &s).ok());
  EXPECT_EQ(s, "x");
  uint16_t n = 0;
  ASSERT_TRUE(a.Read("n", &n).ok());
  EXPECT_EQ(n, 5);
  std::optional<bool> b;
  ASSERT_TRUE(a.Read("b", &b).ok());
  EXPECT_EQ(b, true);
  std::vector<std::string> l;
  ASSERT_TRUE(a.Read("l", &l).ok());
  EXPECT_EQ(l, (std::vector<std::string>{"p", "q"}));
  std::string absent = "kept";
  ASSERT_TRUE(a.Read("missing", &absent).ok());
  EXPECT_EQ(absent, "kept");
}

TEST_F(JsonReaderTest, WrongTypesAreNotCoerced) {
  JsonNode top = Parse(R"({"u": "root", "i": 1.5, "neg": -1, "s": 5, "b": "true",
                           "big": 70000, "nul": null})");
  uint32_t u = 0;
  EXPECT_EQ(top.Read("u", &u).message(), "u: expected an unsigned integer, got \"root\"");
  int64_t i = 0;
  EXPECT_EQ(top.Read("i", &i).message(), "i: expected an integer, got 1.5");
  EXPECT_EQ(top.Read("neg", &u).message(), "neg: expected an unsigned integer, got -1");
  std::string s;
  EXPECT_EQ(top.Read("s", &s).message(), "s: expected a string, got 5");
  bool b = false;
  EXPECT_EQ(top.Read("b", &b).message(), "b: expected a boolean, got \"true\"");
  uint16_t small = 0;
  EXPECT_EQ(top.Read("big", &small).message(), "big: value 70000 out of range (0..65535)");
  EXPECT_EQ(top.Read("nul", &s).message(), "nul: expected a string, got null");
}

TEST_F(JsonReaderTest, PathsOfIndexesAndDottedKeys) {
  JsonNode top = Parse(R"({"m": {"com.example.k": 1}, "l": [1, "x"]})");
  std::map<std::string, std::string> m;
  EXPECT_EQ(top.Read("m", &m).message(), "m[\"com.example.k\"]: expected a string, got 1");
  std::vector<uint32_t> l;
  EXPECT_EQ(top.Read("l", &l).message(), "l[1]: expected an unsigned integer, got \"x\"");
}

TEST_F(JsonReaderTest, StringMapsRefuseEmptyKeysAndKeepTheLastDuplicate) {
  JsonNode top = Parse(R"({"ok": {"a": "1", "b": "2", "a": "3"}, "empty": {"": "x"},
                           "list": ["x"]})");
  absl::StatusOr<std::map<std::string, std::string>> ok = top.Find("ok")->AsStringMap();
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, (std::map<std::string, std::string>{{"a", "3"}, {"b", "2"}}));
  EXPECT_EQ(top.Find("empty")->AsStringMap().status().message(), "empty[\"\"]: empty key");
  EXPECT_EQ(top.Find("list")->AsStringMap().status().message(),
            "list: expected an object, got an array");
}

TEST_F(JsonReaderTest, RequireNamesTheMissingField) {
  JsonNode top = Parse(R"({"root": {}})");
  absl::StatusOr<JsonNode> path = top.Find("root")->Require("path");
  EXPECT_EQ(path.status().message(), "root.path: required field is missing");
}

TEST_F(JsonReaderTest, ReadRequiredNamesAMissingOrMistypedField) {
  JsonNode top = Parse(R"({"m": {"size": "big"}})");
  JsonNode m = *top.Find("m");
  uint32_t size = 7;
  absl::Status wrong = m.ReadRequired("size", &size);
  EXPECT_EQ(wrong.message(), "m.size: expected an unsigned integer, got \"big\"");
  EXPECT_EQ(size, 7u);
  std::string id;
  EXPECT_EQ(m.ReadRequired("id", &id).message(), "m.id: required field is missing");
  JsonNode ok = Parse(R"({"id": "x"})");
  ASSERT_TRUE(ok.ReadRequired("id", &id).ok());
  EXPECT_EQ(id, "x");
}

TEST_F(JsonReaderTest, DescribesValues) {
  JsonNode top = Parse(R"({"o": {}, "a": [], "s": "q\"uote"})");
  EXPECT_EQ(DescribeJsonValue(top.Find("o")->value()), "an object");
  EXPECT_EQ(DescribeJsonValue(top.Find("a")->value()), "an array");
  EXPECT_EQ(DescribeJsonValue(top.Find("s")->value()), "\"q\\\"uote\"");
}

// Found by //runtime/config/fuzz:oci_config_fuzzer: the recursive parser
// overflowed the stack (SIGSEGV) on deep nesting; a config.json must never
// crash the runtime.
TEST(ParseJsonDocumentTest, DeepNestingIsParsedWithoutRecursion) {
  constexpr size_t kDepth = 1000000;
  std::string deep = std::string(kDepth, '[') + std::string(kDepth, ']');
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJsonDocument(deep, &doc).ok());
  EXPECT_TRUE(doc.IsArray());
  absl::Status unclosed = ParseJsonDocument(std::string(kDepth, '{'), &doc);
  EXPECT_EQ(unclosed.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nsinit::config

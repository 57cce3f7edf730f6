#include "tools/testing/json_merge_patch.h"

#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace nsinit::testing {
namespace {

struct Case {
  const char* target;
  const char* patch;
  const char* result;
};

// RFC 7386 Appendix A, every row.
constexpr Case kRfcCases[] = {
    {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
    {R"({"a":"b"})", R"({"a":null})", R"({})"},
    {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
    {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
    {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
    {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
    {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
    {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
    {R"({"a":"foo"})", R"(null)", R"(null)"},
    {R"({"a":"foo"})", R"("bar")", R"("bar")"},
    {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
    {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
    {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
};

// Compares as JSON values, so member order does not matter.
void ExpectJsonEq(const std::string& actual, const char* expected) {
  rapidjson::Document a, e;
  a.Parse(actual.c_str());
  e.Parse(expected);
  ASSERT_FALSE(a.HasParseError()) << actual;
  ASSERT_FALSE(e.HasParseError()) << expected;
  EXPECT_TRUE(a == e) << "got " << actual << ", want " << expected;
}

TEST(JsonMergePatchTest, Rfc7386AppendixExamples) {
  for (const Case& c : kRfcCases) {
    SCOPED_TRACE(std::string(c.target) + " + " + c.patch);
    absl::StatusOr<std::string> out = JsonMergePatch(c.target, c.patch);
    ASSERT_TRUE(out.ok()) << out.status();
    ExpectJsonEq(*out, c.result);
  }
}

TEST(JsonMergePatchTest, Rfc7386Section3Example) {
  constexpr char kTarget[] = R"({
    "title": "Goodbye!",
    "author": {"givenName": "John", "familyName": "Doe"},
    "tags": ["example", "sample"],
    "content": "This will be unchanged"})";
  constexpr char kPatch[] = R"({
    "title": "Hello!", "phoneNumber": "+01-123-456-7890",
    "author": {"familyName": null}, "tags": ["example"]})";
  absl::StatusOr<std::string> out = JsonMergePatch(kTarget, kPatch);
  ASSERT_TRUE(out.ok()) << out.status();
  ExpectJsonEq(*out, R"({
    "title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
    "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"})");
}

TEST(JsonMergePatchTest, ParseErrorsNameTheInput) {
  absl::StatusOr<std::string> out = JsonMergePatch("{}", "{bad");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("merge patch at offset 1"), absl::string_view::npos)
      << out.status();
  EXPECT_FALSE(JsonMergePatch("[", "{}").ok());
}

}  // namespace
}  // namespace nsinit::testing

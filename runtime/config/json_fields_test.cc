// Field lists (json_fields.h) on a toy model: presence rules on both sides,
// read order, paths in errors, and the entries that are not plain members.
#include "runtime/config/json_fields.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/config/json_reader.h"

namespace nsinit::config {
namespace {

struct Inner {
  int32_t n = 0;
  std::string s;
  friend bool operator==(const Inner&, const Inner&) = default;
};

struct Toy {
  std::string name;  // required
  bool flag = false;
  uint32_t count = 0;  // always written
  std::optional<Inner> inner;
  std::optional<int64_t> maybe;  // always written, but only when set
  std::vector<Inner> items;
  std::vector<uint16_t> numbers;
  std::map<std::string, std::string> tags;
  std::map<std::string, Inner> by_key;
  uint32_t twice = 0;  // derived: 2 * count
  std::string local;   // not in JSON
  friend bool operator==(const Toy&, const Toy&) = default;
};

uint32_t Twice(const Toy& toy) { return 2 * toy.count; }

struct NoContext {};

}  // namespace

template <>
struct JsonFields<Inner> {
  static constexpr auto kFields = std::tuple(Field("n", &Inner::n), Field("s", &Inner::s));
};

template <>
struct JsonFields<Toy> {
  static constexpr auto kFields =
      std::tuple(Field("name", &Toy::name, kRequired), Field("flag", &Toy::flag),
                 Field("count", &Toy::count, kWritten), Derived(&Toy::twice, &Twice),
                 Field("inner", &Toy::inner), Field("maybe", &Toy::maybe, kWritten),
                 Field("items", &Toy::items), Field("numbers", &Toy::numbers),
                 Field("tags", &Toy::tags), Field("byKey", &Toy::by_key),
                 Rejected<Toy>("legacy", "no longer supported"), NotInJson(&Toy::local));
  static constexpr std::string_view kReadFirst[] = {"count"};
};

namespace {

// Compact text of what WriteFields writes (pretty-printed).
std::string Write(const Toy& toy) {
  rapidjson::StringBuffer pretty;
  JsonWriter writer(pretty);
  WriteFields<JsonFields<Toy>>(writer, toy);
  rapidjson::Document doc;
  doc.Parse(pretty.GetString(), pretty.GetSize());
  rapidjson::StringBuffer compact;
  rapidjson::Writer<rapidjson::StringBuffer> out(compact);
  doc.Accept(out);
  return std::string(compact.GetString(), compact.GetSize());
}

absl::StatusOr<Toy> Read(absl::string_view json) {
  rapidjson::Document doc;
  if (absl::Status s = ParseJsonDocument(json, &doc); !s.ok()) return s;
  NoContext ctx;
  Toy toy;
  if (absl::Status s = ReadFields<JsonFields<Toy>>(JsonNode(doc, ""), &toy, ctx); !s.ok()) {
    return s;
  }
  return toy;
}

TEST(JsonFieldsTest, WritesInListOrderLeavingOutDefaultsOfOptionalMembers) {
  EXPECT_EQ(Write(Toy{.name = "t"}), R"({"name":"t","count":0})");
  EXPECT_EQ(Write(Toy{.name = "", .flag = true, .maybe = -3, .numbers = {7}}),
            R"({"name":"","flag":true,"count":0,"maybe":-3,"numbers":[7]})");
}

TEST(JsonFieldsTest, EveryListedMemberRoundTrips) {
  Toy toy{.name = "t",
          .flag = true,
          .count = 3,
          .inner = Inner{.n = -1, .s = "x"},
          .maybe = 9,
          .items = {{.n = 1}, {.s = "y"}},
          .numbers = {1, 65535},
          .tags = {{"a.b", "c"}},
          .by_key = {{"k", Inner{.n = 2}}},
          .twice = 6};
  std::string json = Write(toy);
  EXPECT_EQ(json, R"({"name":"t","flag":true,"count":3,"inner":{"n":-1,"s":"x"},"maybe":9,)"
                  R"("items":[{"n":1},{"s":"y"}],"numbers":[1,65535],"tags":{"a.b":"c"},)"
                  R"("byKey":{"k":{"n":2}}})");
  absl::StatusOr<Toy> again = Read(json);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(*again == toy) << Write(*again);
}

TEST(JsonFieldsTest, AbsentMembersKeepTheirDefaultsAndRequiredOnesAreNamed) {
  absl::StatusOr<Toy> toy = Read(R"({"name": "t"})");
  ASSERT_TRUE(toy.ok()) << toy.status();
  EXPECT_TRUE(*toy == Toy{.name = "t"});
  EXPECT_EQ(Read("{}").status().message(), "name: required field is missing");
  EXPECT_EQ(Read("[]").status().message(), "expected an object, got an array");
}

TEST(JsonFieldsTest, ErrorsNameTheNestedPath) {
  EXPECT_EQ(Read(R"({"name": "t", "items": [{"n": 1}, {"n": "2"}]})").status().message(),
            R"(items[1].n: expected an integer, got "2")");
  EXPECT_EQ(Read(R"({"name": "t", "byKey": {"a.b": {"s": 5}}})").status().message(),
            R"(byKey["a.b"].s: expected a string, got 5)");
  EXPECT_EQ(Read(R"({"name": "t", "tags": {"": "x"}})").status().message(),
            R"(tags[""]: empty key)");
  EXPECT_EQ(Read(R"({"name": "t", "numbers": [70000]})").status().message(),
            "numbers[0]: value 70000 out of range (0..65535)");
  EXPECT_EQ(Read(R"({"name": "t", "inner": null})").status().message(),
            "inner: expected an object, got null");
}

TEST(JsonFieldsTest, ReadFirstMembersAreCheckedBeforeTheOthers) {
  // "name" comes first in the list, "count" is read first.
  EXPECT_EQ(Read(R"({"name": 1, "count": "c"})").status().message(),
            R"(count: expected an unsigned integer, got "c")");
  EXPECT_EQ(Read(R"({"name": 1, "flag": "f"})").status().message(),
            "name: expected a string, got 1");
}

TEST(JsonFieldsTest, DerivedRejectedAndUnlistedEntries) {
  absl::StatusOr<Toy> toy = Read(R"({"name": "t", "count": 4, "local": "x", "twice": 1})");
  ASSERT_TRUE(toy.ok()) << toy.status();
  EXPECT_EQ(toy->twice, 8u);  // computed, not read
  EXPECT_EQ(toy->local, "");  // not a JSON member
  EXPECT_EQ(Write(Toy{.name = "t", .twice = 2, .local = "x"}), R"({"name":"t","count":0})");
  EXPECT_EQ(Read(R"({"name": "t", "legacy": false})").status().message(),
            "legacy: no longer supported");
}

TEST(JsonFieldsTest, VisitObjectsReachesEveryNestedObject) {
  Toy toy{.name = "t", .inner = Inner{}, .items = {{}, {}}, .by_key = {{"k", Inner{}}}};
  std::vector<std::string> paths;
  auto visit = [&](auto, const auto&, const std::string& path) { paths.push_back(path); };
  VisitObjects<ObjectCodec<JsonFields<Toy>>>(toy, "", visit);
  EXPECT_EQ(paths, (std::vector<std::string>{"", "inner", "items[0]", "items[1]", "byKey.k"}));
}

}  // namespace
}  // namespace nsinit::config

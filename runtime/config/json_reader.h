// A typed, path-tracking view over RapidJSON values.
//
// Config parsing reads every field through a JsonNode, which knows the JSON
// path that led to it ("linux.resources.memory.limit", "mounts[2].options").
// Each conversion checks the JSON type strictly (a string "5" is not the
// integer 5; 1.5 is not an integer; -1 is not an unsigned integer) and range
// checks integers against the C++ type they land in, so errors always read
//   <path>: expected <what>, got <value as written>
// Absent members leave the output untouched, which is how optional fields
// keep their defaults; JSON null is treated as a wrong type, not as absent.
// Unknown members are never looked at (the OCI spec allows extensions).
#ifndef NSINIT_RUNTIME_CONFIG_JSON_READER_H_
#define NSINIT_RUNTIME_CONFIG_JSON_READER_H_

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace nsinit::config {

// Parses `text` into `doc`. Invalid JSON is reported with its position as
// line:column (1-based) and byte offset, then RapidJSON's reason.
absl::Status ParseJsonDocument(absl::string_view text, rapidjson::Document* doc);

// Renders a value for an error message: strings quoted and escaped as JSON,
// numbers as written, `true`, `null`, "an object", "an array".
std::string DescribeJsonValue(const rapidjson::Value& value);

// The path of member `key` under `parent`: "a.b", or a["k.e.y"] when the key
// is not a plain identifier (annotation and sysctl keys contain dots).
std::string JsonMemberPath(absl::string_view parent, absl::string_view key);
// The path of element `index` under `parent`: "a[3]".
std::string JsonIndexPath(absl::string_view parent, size_t index);

class JsonNode {
 public:
  JsonNode(const rapidjson::Value& value, std::string path)
      : value_(&value), path_(std::move(path)) {}

  const rapidjson::Value& value() const { return *value_; }
  const std::string& path() const { return path_; }

  // "<path>: <message>" as InvalidArgument (the path alone at the root).
  absl::Status Error(absl::string_view message) const;
  // "<path>: expected <what>, got <value>".
  absl::Status TypeError(absl::string_view what) const;

  absl::Status ExpectObject() const;
  // The member `key` of this object, or nullopt when absent.
  std::optional<JsonNode> Find(absl::string_view key) const;
  // Like Find, but absence is "<path>.<key>: required field is missing".
  absl::StatusOr<JsonNode> Require(absl::string_view key) const;

  absl::StatusOr<std::string> AsString() const;
  absl::StatusOr<bool> AsBool() const;
  absl::StatusOr<std::vector<JsonNode>> AsArray() const;
  // The members of an object, in document order.
  absl::StatusOr<std::vector<std::pair<std::string, JsonNode>>> AsMembers() const;
  // An object of strings (annotations, sysctl): an empty key is an error;
  // of duplicate keys the last wins.
  absl::StatusOr<std::map<std::string, std::string>> AsStringMap() const;

  template <typename T>
  absl::StatusOr<T> AsInt() const;

  // Member readers on an object node. An absent member leaves *out as is.
  absl::Status Read(absl::string_view key, std::string* out) const;
  absl::Status Read(absl::string_view key, bool* out) const;
  absl::Status Read(absl::string_view key, std::optional<bool>* out) const;
  absl::Status Read(absl::string_view key, std::vector<std::string>* out) const;
  absl::Status Read(absl::string_view key, std::map<std::string, std::string>* out) const;
  template <typename T>
  requires std::is_integral_v<T> absl::Status Read(absl::string_view key, T* out)
  const;
  template <typename T>
  requires std::is_integral_v<T> absl::Status Read(absl::string_view key, std::optional<T>* out)
  const;
  template <typename T>
  requires std::is_integral_v<T> absl::Status Read(absl::string_view key, std::vector<T>* out)
  const;
  // Like Read, but absence is "<path>.<key>: required field is missing".
  template <typename T>
  absl::Status ReadRequired(absl::string_view key, T* out) const {
    if (!Find(key).has_value()) return Require(key).status();
    return Read(key, out);
  }

 private:
  // Member `key`, when present, converted by `convert` (JsonNode ->
  // StatusOr) into *out; the Read overloads are this with As*.
  template <typename Out, typename Convert>
  absl::Status ReadAs(absl::string_view key, Out* out, Convert convert) const;

  // The reason an integer value does not fit T, or an empty string.
  template <typename T>
  static std::string IntegerKind();

  const rapidjson::Value* value_;
  std::string path_;
};

template <typename T>
std::string JsonNode::IntegerKind() {
  if constexpr (std::is_unsigned_v<T>) {
    return "an unsigned integer";
  } else {
    return "an integer";
  }
}

template <typename T>
absl::StatusOr<T> JsonNode::AsInt() const {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  const rapidjson::Value& v = *value_;
  if (!v.IsInt64() && !v.IsUint64()) return TypeError(IntegerKind<T>());
  if constexpr (std::is_unsigned_v<T>) {
    if (!v.IsUint64()) return TypeError(IntegerKind<T>());
    uint64_t u = v.GetUint64();
    if (u > std::numeric_limits<T>::max()) {
      return Error(absl::StrCat("value ", u, " out of range (0..",
                                uint64_t{std::numeric_limits<T>::max()}, ")"));
    }
    return static_cast<T>(u);
  } else {
    if (!v.IsInt64()) {
      return Error(absl::StrCat("value ", DescribeJsonValue(v), " out of range (",
                                std::numeric_limits<T>::min(), "..", std::numeric_limits<T>::max(),
                                ")"));
    }
    int64_t i = v.GetInt64();
    if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max()) {
      return Error(absl::StrCat("value ", i, " out of range (",
                                int64_t{std::numeric_limits<T>::min()}, "..",
                                int64_t{std::numeric_limits<T>::max()}, ")"));
    }
    return static_cast<T>(i);
  }
}

template <typename Out, typename Convert>
absl::Status JsonNode::ReadAs(absl::string_view key, Out* out, Convert convert) const {
  std::optional<JsonNode> child = Find(key);
  if (!child.has_value()) return absl::OkStatus();
  auto v = convert(*child);
  if (!v.ok()) return v.status();
  *out = *std::move(v);
  return absl::OkStatus();
}

template <typename T>
requires std::is_integral_v<T> absl::Status JsonNode::Read(absl::string_view key, T* out)
const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsInt<T>(); });
}

template <typename T>
requires std::is_integral_v<T> absl::Status JsonNode::Read(absl::string_view key,
                                                           std::optional<T>* out)
const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsInt<T>(); });
}

template <typename T>
requires std::is_integral_v<T> absl::Status JsonNode::Read(absl::string_view key,
                                                           std::vector<T>* out)
const {
  std::optional<JsonNode> child = Find(key);
  if (!child.has_value()) return absl::OkStatus();
  absl::StatusOr<std::vector<JsonNode>> items = child->AsArray();
  if (!items.ok()) return items.status();
  std::vector<T> result;
  for (const JsonNode& item : *items) {
    absl::StatusOr<T> v = item.AsInt<T>();
    if (!v.ok()) return v.status();
    result.push_back(*v);
  }
  *out = std::move(result);
  return absl::OkStatus();
}

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_JSON_READER_H_

#include "runtime/config/json_reader.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace nsinit::config {
namespace {

bool IsPlainKey(absl::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string QuoteJson(absl::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

absl::Status ParseJsonDocument(absl::string_view text, rapidjson::Document* doc) {
  // kParseStopWhenDoneFlag is not used: trailing garbage is an error too.
  // Iterative: the recursive parser overflows the stack on deeply nested
  // input ("[[[[..." a few hundred thousand deep), found by the fuzzer.
  doc->Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (!doc->HasParseError()) return absl::OkStatus();
  size_t offset = doc->GetErrorOffset();
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON at line ", line, ", column ", column, " (offset ", offset,
                   "): ", rapidjson::GetParseError_En(doc->GetParseError())));
}

std::string DescribeJsonValue(const rapidjson::Value& value) {
  if (value.IsObject()) return "an object";
  if (value.IsArray()) return "an array";
  if (value.IsString()) {
    return QuoteJson(absl::string_view(value.GetString(), value.GetStringLength()));
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string JsonMemberPath(absl::string_view parent, absl::string_view key) {
  if (!IsPlainKey(key)) return absl::StrCat(parent, "[", QuoteJson(key), "]");
  if (parent.empty()) return std::string(key);
  return absl::StrCat(parent, ".", key);
}

std::string JsonIndexPath(absl::string_view parent, size_t index) {
  return absl::StrCat(parent, "[", index, "]");
}

absl::Status JsonNode::Error(absl::string_view message) const {
  if (path_.empty()) return absl::InvalidArgumentError(message);
  return absl::InvalidArgumentError(absl::StrCat(path_, ": ", message));
}

absl::Status JsonNode::TypeError(absl::string_view what) const {
  return Error(absl::StrCat("expected ", what, ", got ", DescribeJsonValue(*value_)));
}

absl::Status JsonNode::ExpectObject() const {
  if (!value_->IsObject()) return TypeError("an object");
  return absl::OkStatus();
}

std::optional<JsonNode> JsonNode::Find(absl::string_view key) const {
  if (!value_->IsObject()) return std::nullopt;
  rapidjson::Value::ConstMemberIterator it = value_->FindMember(
      rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
  if (it == value_->MemberEnd()) return std::nullopt;
  return JsonNode(it->value, JsonMemberPath(path_, key));
}

absl::StatusOr<JsonNode> JsonNode::Require(absl::string_view key) const {
  std::optional<JsonNode> child = Find(key);
  if (!child.has_value()) {
    JsonNode missing(*value_, JsonMemberPath(path_, key));
    return missing.Error("required field is missing");
  }
  return *std::move(child);
}

absl::StatusOr<std::string> JsonNode::AsString() const {
  if (!value_->IsString()) return TypeError("a string");
  return std::string(value_->GetString(), value_->GetStringLength());
}

absl::StatusOr<bool> JsonNode::AsBool() const {
  if (!value_->IsBool()) return TypeError("a boolean");
  return value_->GetBool();
}

absl::StatusOr<std::vector<JsonNode>> JsonNode::AsArray() const {
  if (!value_->IsArray()) return TypeError("an array");
  std::vector<JsonNode> items;
  items.reserve(value_->Size());
  for (rapidjson::SizeType i = 0; i < value_->Size(); ++i) {
    items.emplace_back((*value_)[i], JsonIndexPath(path_, i));
  }
  return items;
}

absl::StatusOr<std::vector<std::pair<std::string, JsonNode>>> JsonNode::AsMembers() const {
  if (!value_->IsObject()) return TypeError("an object");
  std::vector<std::pair<std::string, JsonNode>> members;
  for (const auto& m : value_->GetObject()) {
    std::string key(m.name.GetString(), m.name.GetStringLength());
    std::string path = JsonMemberPath(path_, key);
    members.emplace_back(std::move(key), JsonNode(m.value, std::move(path)));
  }
  return members;
}

absl::Status JsonNode::Read(absl::string_view key, std::string* out) const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsString(); });
}

absl::Status JsonNode::Read(absl::string_view key, bool* out) const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsBool(); });
}

absl::Status JsonNode::Read(absl::string_view key, std::optional<bool>* out) const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsBool(); });
}

absl::Status JsonNode::Read(absl::string_view key, std::vector<std::string>* out) const {
  std::optional<JsonNode> child = Find(key);
  if (!child.has_value()) return absl::OkStatus();
  absl::StatusOr<std::vector<JsonNode>> items = child->AsArray();
  if (!items.ok()) return items.status();
  std::vector<std::string> result;
  for (const JsonNode& item : *items) {
    absl::StatusOr<std::string> v = item.AsString();
    if (!v.ok()) return v.status();
    result.push_back(*std::move(v));
  }
  *out = std::move(result);
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::string>> JsonNode::AsStringMap() const {
  absl::StatusOr<std::vector<std::pair<std::string, JsonNode>>> members = AsMembers();
  if (!members.ok()) return members.status();
  std::map<std::string, std::string> result;
  for (const auto& [name, node] : *members) {
    if (name.empty()) return node.Error("empty key");
    absl::StatusOr<std::string> v = node.AsString();
    if (!v.ok()) return v.status();
    result[name] = *std::move(v);
  }
  return result;
}

absl::Status JsonNode::Read(absl::string_view key, std::map<std::string, std::string>* out) const {
  return ReadAs(key, out, [](const JsonNode& n) { return n.AsStringMap(); });
}

}  // namespace nsinit::config

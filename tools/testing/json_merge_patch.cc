#include "tools/testing/json_merge_patch.h"

#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace nsinit::testing {
namespace {

absl::Status ParseInto(rapidjson::Document& doc, absl::string_view text, absl::string_view what) {
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("parsing ", what, " at offset ", doc.GetErrorOffset(), ": ",
                     rapidjson::GetParseError_En(doc.GetParseError())));
  }
  return absl::OkStatus();
}

}  // namespace

void ApplyMergePatch(rapidjson::Value& target, const rapidjson::Value& patch,
                     rapidjson::Document::AllocatorType& allocator) {
  if (!patch.IsObject()) {
    // A non-object patch replaces the target entirely.
    target.CopyFrom(patch, allocator);
    return;
  }
  if (!target.IsObject()) target.SetObject();
  for (auto it = patch.MemberBegin(); it != patch.MemberEnd(); ++it) {
    auto existing = target.FindMember(it->name);
    if (it->value.IsNull()) {
      if (existing != target.MemberEnd()) target.EraseMember(existing);
      continue;
    }
    if (existing == target.MemberEnd()) {
      rapidjson::Value name(it->name, allocator);
      rapidjson::Value value(rapidjson::kNullType);
      ApplyMergePatch(value, it->value, allocator);
      target.AddMember(name, value, allocator);
    } else {
      ApplyMergePatch(existing->value, it->value, allocator);
    }
  }
}

absl::StatusOr<std::string> JsonMergePatch(absl::string_view base, absl::string_view patch) {
  rapidjson::Document target;
  rapidjson::Document patch_doc;
  if (absl::Status s = ParseInto(target, base, "merge-patch base"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ParseInto(patch_doc, patch, "merge patch"); !s.ok()) {
    return s;
  }
  ApplyMergePatch(target, patch_doc, target.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  target.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace nsinit::testing

// The codecs of oci_fields.h whose JSON says more than its type.
#include "runtime/config/oci_fields.h"

#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rlimit_names.h"

namespace nsinit::config {

absl::Status CapabilityListCodec::Read(const JsonNode& node, std::vector<std::string>* out,
                                       OciReadContext& ctx) {
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node.AsArray());
  std::vector<std::string> names;
  for (const JsonNode& item : items) {
    ASSIGN_OR_RETURN(std::string name, item.AsString());
    std::optional<int> cap = CapabilityFromName(name);
    if (!cap.has_value()) {
      return item.Error(absl::StrCat("unknown capability ", DescribeJsonValue(item.value())));
    }
    if (*cap > ctx.kernel_last_cap) {
      if (ctx.warnings != nullptr) {
        ctx.warnings->push_back(absl::StrCat(item.path(), ": ", name,
                                             " is unknown to the running kernel (cap_last_cap ",
                                             ctx.kernel_last_cap, "), ignored"));
      }
      continue;
    }
    names.push_back(std::move(name));
  }
  *out = std::move(names);
  return absl::OkStatus();
}

absl::Status RlimitTypeCodec::Read(const JsonNode& node, std::string* out, OciReadContext&) {
  ASSIGN_OR_RETURN(std::string name, node.AsString());
  if (!RlimitFromName(name).has_value()) {
    return node.Error(absl::StrCat("unknown rlimit type ", DescribeJsonValue(node.value())));
  }
  *out = std::move(name);
  return absl::OkStatus();
}

int RlimitResource(const Rlimit& rlimit) { return RlimitFromName(rlimit.type).value_or(-1); }

absl::Status NamespaceTypeCodec::Read(const JsonNode& node, NamespaceType* out, OciReadContext&) {
  ASSIGN_OR_RETURN(std::string name, node.AsString());
  std::optional<NamespaceType> type = NamespaceTypeFromName(name);
  if (!type.has_value()) {
    return node.Error(absl::StrCat("unknown namespace type ", DescribeJsonValue(node.value())));
  }
  *out = *type;
  return absl::OkStatus();
}

void NamespaceTypeCodec::Write(JsonWriter& w, NamespaceType type) {
  ValueCodec::Write(w, std::string(NamespaceTypeName(type)));
}

absl::Status DeviceTypeCodec::Read(const JsonNode& node, char* out, OciReadContext&) {
  ASSIGN_OR_RETURN(std::string type, node.AsString());
  if (type.size() != 1) {
    return node.Error(
        absl::StrCat("expected one of c, b, u, p, got ", DescribeJsonValue(node.value())));
  }
  *out = type[0];
  return absl::OkStatus();
}

void DeviceTypeCodec::Write(JsonWriter& w, char type) {
  ValueCodec::Write(w, std::string(1, type));
}

absl::Status SyscallNamesCodec::Read(const JsonNode& node, std::vector<std::string>* out,
                                     OciReadContext& ctx) {
  RETURN_IF_ERROR(ListCodec<ValueCodec>::Read(node, out, ctx));
  if (out->empty()) return node.Error("must name at least one syscall");
  return absl::OkStatus();
}

}  // namespace nsinit::config

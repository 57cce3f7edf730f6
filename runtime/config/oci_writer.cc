// ToOciJson: a Spec as runtime-spec JSON, written along the field lists of
// oci_fields.h (the ones the parser reads along) and pretty-printed with tabs
// like `runc spec`. Absent optionals, empty strings and lists and false
// booleans are omitted, which the parser reads back as the same values, so
// ParseOciConfig(ToOciJson(s)) == s for every valid s. Spec.v1 (the
// libcontainer extras) has no OCI field and is not written.
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/config/json_fields.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/oci_fields.h"

namespace nsinit::config {

std::string ToOciJson(const Spec& spec) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.SetIndent('\t', 1);
  WriteFields<JsonFields<Spec>>(writer, spec);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace nsinit::config

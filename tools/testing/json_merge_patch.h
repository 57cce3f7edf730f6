// JSON Merge Patch (RFC 7386) over RapidJSON.
//
// Tests describe a container as "the base config, plus these changes":
// {"process": {"args": ["/probe"]}, "linux": {"namespaces": null}}. A merge
// patch replaces arrays wholesale, merges objects member by member, and
// deletes a member whose patch value is null.
#ifndef NSINIT_TOOLS_TESTING_JSON_MERGE_PATCH_H_
#define NSINIT_TOOLS_TESTING_JSON_MERGE_PATCH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace nsinit::testing {

// Applies `patch` to `target` in place (RFC 7386 section 2, MergePatch).
// `allocator` must be the one owning `target`.
void ApplyMergePatch(rapidjson::Value& target, const rapidjson::Value& patch,
                     rapidjson::Document::AllocatorType& allocator);

// Parses both texts, applies the patch, returns compact JSON. A parse error
// names which input failed and at what offset.
absl::StatusOr<std::string> JsonMergePatch(absl::string_view base, absl::string_view patch);

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_JSON_MERGE_PATCH_H_

// The requirement table of spec/SPEC.md, as data.
//
// SPEC.md lists every requirement as one Markdown table row
// `| ID | Level | Requirement | Source |` under a `## AREA — Title` heading.
// The conformance suite needs the IDs (to check that every case cites real
// ones and that every live requirement has a case), their level (a failing
// SHOULD is a warning, a RETIRED row needs no case) and their area (to group
// the report). Rows are found exactly as the spec says a parser should:
// lines matching `^\| [A-Z0-9]+-[0-9]{3} \|`.
#ifndef NSINIT_CONFORMANCE_SPEC_IDS_H_
#define NSINIT_CONFORMANCE_SPEC_IDS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::conformance {

struct Requirement {
  std::string id;     // "FS-012"
  std::string area;   // "FS" (the ID's prefix)
  std::string level;  // MUST, SHOULD, MAY or RETIRED
  std::string text;
  std::string source;  // the Source column as written
  // The OCI runtime-spec version that introduced it ("1.0" .. "1.3"): the
  // highest `oci 1.X:` source of the row; "" for rows that apply to every
  // runtime (only `v1:` and `beyond the spec` sources).
  std::string oci_version;
};

// The spec versions a Source may name, oldest first.
extern const char* const kOciVersions[4];

struct SpecTable {
  std::vector<Requirement> requirements;           // in document order
  std::vector<std::string> areas;                  // prefixes, in document order
  std::map<std::string, std::string> area_titles;  // "MNT" -> "Mounts"

  const Requirement* Find(absl::string_view id) const;
};

// Parses SPEC.md text. Fails on a malformed row (wrong column count,
// unknown level, a source that is not `oci 1.X: file#section`, `v1: topic`
// or `beyond the spec`, an OCI version not in kOciVersions) or a duplicate
// ID, naming the line.
absl::StatusOr<SpecTable> ParseSpec(absl::string_view markdown);

absl::StatusOr<SpecTable> LoadSpec(const std::string& path);

// "MNT-012" -> "MNT"; "" when `id` has no dash.
std::string AreaOf(absl::string_view id);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_SPEC_IDS_H_

#include "conformance/spec_ids.h"

#include <regex.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "conformance/file_util.h"
#include "conformance/status.h"

namespace nsinit::conformance {

const Requirement* SpecTable::Find(absl::string_view id) const {
  for (const Requirement& r : requirements) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string AreaOf(absl::string_view id) {
  size_t dash = id.rfind('-');
  if (dash == absl::string_view::npos) return "";
  return std::string(id.substr(0, dash));
}

namespace {

bool IsRequirementRow(absl::string_view line) {
  // `| ` ID `-` NNN ` |`
  if (!absl::StartsWith(line, "| ")) return false;
  size_t i = 2;
  size_t start = i;
  while (i < line.size() && (absl::ascii_isupper(line[i]) || absl::ascii_isdigit(line[i]))) ++i;
  if (i == start || i >= line.size() || line[i] != '-') return false;
  ++i;
  for (int k = 0; k < 3; ++k, ++i) {
    if (i >= line.size() || !absl::ascii_isdigit(line[i])) return false;
  }
  return line.substr(i, 2) == " |";
}

// The row's OCI version from its Source column; an error names the part.
absl::StatusOr<std::string> SourceVersion(absl::string_view sources) {
  std::string version;
  for (absl::string_view part : absl::StrSplit(sources, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (part == "beyond the spec" || absl::StartsWith(part, "v1:")) continue;
    if (!absl::StartsWith(part, "oci ")) {
      return absl::InvalidArgumentError(
          absl::StrCat("source \"", part,
                       "\": expected `oci 1.X: file#section`, `v1: topic` or `beyond the spec`"));
    }
    size_t colon = part.find(':');
    std::string v(colon == absl::string_view::npos ? "" : part.substr(4, colon - 4));
    bool known = false;
    for (const char* k : kOciVersions) known = known || v == k;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("source \"", part, "\": unknown OCI version \"", v, "\""));
    }
    if (v > version) version = v;  // "1.0" < "1.1" < ... as strings
  }
  return version;
}

}  // namespace

const char* const kOciVersions[4] = {"1.0", "1.1", "1.2", "1.3"};

absl::StatusOr<SpecTable> ParseSpec(absl::string_view markdown) {
  SpecTable table;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    ++line_no;
    if (absl::StartsWith(line, "## ")) {
      // "## MNT — Mounts": an area heading when the first word is upper case.
      absl::string_view rest = line.substr(3);
      size_t sp = rest.find(' ');
      absl::string_view word = rest.substr(0, sp);
      bool upper = !word.empty();
      for (char c : word) upper = upper && (absl::ascii_isupper(c) || absl::ascii_isdigit(c));
      if (upper && sp != absl::string_view::npos) {
        std::string title(absl::StripAsciiWhitespace(rest.substr(sp)));
        // Drop the dash separator ("— Mounts").
        size_t t = title.find(' ');
        if (t != std::string::npos) title = title.substr(t + 1);
        table.areas.push_back(std::string(word));
        table.area_titles[std::string(word)] = title;
      }
      continue;
    }
    if (!IsRequirementRow(line)) continue;
    std::vector<std::string> cols = absl::StrSplit(line, '|');
    // "", " ID ", " Level ", " Requirement ", " Source ", ""
    if (cols.size() != 6) {
      return absl::InvalidArgumentError(
          absl::StrCat("SPEC.md line ", line_no, ": expected 4 columns, got ", cols.size() - 2));
    }
    Requirement r;
    r.id = std::string(absl::StripAsciiWhitespace(cols[1]));
    r.level = std::string(absl::StripAsciiWhitespace(cols[2]));
    r.text = std::string(absl::StripAsciiWhitespace(cols[3]));
    r.area = AreaOf(r.id);
    absl::StatusOr<std::string> version = SourceVersion(cols[4]);
    if (!version.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("SPEC.md line ", line_no, ": ", r.id, ": ", version.status().message()));
    }
    r.oci_version = *version;
    r.source = std::string(absl::StripAsciiWhitespace(cols[4]));
    if (r.level != "MUST" && r.level != "SHOULD" && r.level != "MAY" && r.level != "RETIRED") {
      return absl::InvalidArgumentError(
          absl::StrCat("SPEC.md line ", line_no, ": ", r.id, ": unknown level \"", r.level, "\""));
    }
    if (table.Find(r.id) != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("SPEC.md line ", line_no, ": duplicate ID ", r.id));
    }
    table.requirements.push_back(std::move(r));
  }
  if (table.requirements.empty()) {
    return absl::InvalidArgumentError("SPEC.md: no requirement rows found");
  }
  // Keep only areas that have requirements (skips "## How to read", ...).
  std::vector<std::string> areas;
  for (const std::string& a : table.areas) {
    for (const Requirement& r : table.requirements) {
      if (r.area == a) {
        areas.push_back(a);
        break;
      }
    }
  }
  table.areas = std::move(areas);
  return table;
}

absl::StatusOr<SpecTable> LoadSpec(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  absl::StatusOr<SpecTable> table = ParseSpec(text);
  if (!table.ok()) return Annotate(table.status(), path);
  return table;
}

}  // namespace nsinit::conformance

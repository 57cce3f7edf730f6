#include "runtime/cgroups/hierarchy.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/files.h"

namespace nsinit::cgroups {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo (proc(5)).
std::string Unescape(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
        s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      out.push_back(
          static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Super options of a v1 cgroup mount that are not controllers.
bool IsControllerOption(absl::string_view opt) {
  for (absl::string_view o : {"rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode",
                              "favordynmods", "nofavordynmods"}) {
    if (opt == o) return false;
  }
  return !absl::StartsWith(opt, "name=") && !absl::StartsWith(opt, "release_agent=");
}

}  // namespace

bool Hierarchy::Has(absl::string_view controller) const {
  return std::find(controllers.begin(), controllers.end(), controller) != controllers.end();
}

absl::string_view CgroupModeName(CgroupMode mode) {
  switch (mode) {
    case CgroupMode::kLegacy:
      return "legacy";
    case CgroupMode::kHybrid:
      return "hybrid";
    case CgroupMode::kUnified:
      return "unified";
    case CgroupMode::kNone:
      break;
  }
  return "none";
}

std::vector<Hierarchy> ParseMountinfo(absl::string_view mountinfo) {
  std::vector<Hierarchy> out;
  for (absl::string_view line : absl::StrSplit(mountinfo, '\n', absl::SkipEmpty())) {
    // id parent maj:min root mount_point options [optional...] - fstype source super_options
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 5 || dash == f.end() || f.end() - dash < 4) continue;
    absl::string_view fstype = dash[1];
    Hierarchy h;
    h.mount_point = Unescape(f[4]);
    if (fstype == "cgroup2") {
      h.v2 = true;
      if (std::any_of(out.begin(), out.end(), [](const Hierarchy& o) { return o.v2; })) continue;
    } else if (fstype == "cgroup") {
      for (absl::string_view opt : absl::StrSplit(dash[3], ',')) {
        if (IsControllerOption(opt)) h.controllers.emplace_back(opt);
      }
      if (h.controllers.empty()) continue;
      std::sort(h.controllers.begin(), h.controllers.end());
      // A bind mount of the same hierarchy shows the same controller set.
      if (std::any_of(out.begin(), out.end(), [&](const Hierarchy& o) {
            return !o.v2 && o.controllers == h.controllers;
          })) {
        continue;
      }
    } else {
      continue;
    }
    out.push_back(std::move(h));
  }
  return out;
}

absl::StatusOr<std::vector<Hierarchy>> ReadHierarchies(const std::string& mountinfo_path) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(mountinfo_path));
  return ParseMountinfo(text);
}

std::vector<Hierarchy> DetectHierarchies() {
  absl::StatusOr<std::vector<Hierarchy>> h = ReadHierarchies();
  return h.ok() ? *std::move(h) : std::vector<Hierarchy>{};
}

CgroupMode ModeOf(const std::vector<Hierarchy>& hierarchies) {
  bool v1 = false, v2 = false;
  for (const Hierarchy& h : hierarchies) (h.v2 ? v2 : v1) = true;
  if (v1 && v2) return CgroupMode::kHybrid;
  if (v1) return CgroupMode::kLegacy;
  if (v2) return CgroupMode::kUnified;
  return CgroupMode::kNone;
}

}  // namespace nsinit::cgroups

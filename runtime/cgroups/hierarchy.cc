#include "runtime/cgroups/hierarchy.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/files.h"
#include "runtime/linux/mountinfo.h"

namespace nsinit::cgroups {
namespace {

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
  for (const sys::MountInfo& m : sys::ParseMountInfo(
           std::string_view(mountinfo.data(), mountinfo.size()), {"cgroup", "cgroup2"})) {
    Hierarchy h;
    h.mount_point = m.mount_point;
    if (m.fs_type == "cgroup2") {
      h.v2 = true;
      if (std::any_of(out.begin(), out.end(), [](const Hierarchy& o) { return o.v2; })) continue;
    } else if (m.fs_type == "cgroup") {
      for (const std::string& opt : m.super_options) {
        if (IsControllerOption(opt)) h.controllers.push_back(opt);
      }
      if (h.controllers.empty()) {
        for (const std::string& opt : m.super_options) {
          if (absl::StartsWith(opt, "name=")) h.controllers.push_back(opt);
        }
        if (h.controllers.empty()) continue;
        h.named = true;
      }
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
  ASSIGN_OR_RETURN(std::string text, ReadFile(mountinfo_path, kMaxKernelFileBytes));
  return ParseMountinfo(text);
}

std::vector<Hierarchy> DetectHierarchies() {
  absl::StatusOr<std::vector<Hierarchy>> h = ReadHierarchies();
  return h.ok() ? *std::move(h) : std::vector<Hierarchy>{};
}

CgroupMode ModeOf(const std::vector<Hierarchy>& hierarchies) {
  bool v1 = false, v2 = false;
  for (const Hierarchy& h : hierarchies) {
    if (!h.named) (h.v2 ? v2 : v1) = true;
  }
  if (v1 && v2) return CgroupMode::kHybrid;
  if (v1) return CgroupMode::kLegacy;
  if (v2) return CgroupMode::kUnified;
  return CgroupMode::kNone;
}

}  // namespace nsinit::cgroups

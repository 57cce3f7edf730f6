#include "runtime/process/memory_policy_plan.h"

#include <stdint.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/status_macros.h"

namespace nsinit::process {
namespace {

// <linux/mempolicy.h> values, spelled here: Debian 12's uapi header predates
// MPOL_PREFERRED_MANY's and MPOL_WEIGHTED_INTERLEAVE's use by libc.
struct Named {
  const char* name;
  int32_t value;
};
constexpr Named kModes[] = {
    {"MPOL_DEFAULT", 0},
    {"MPOL_PREFERRED", 1},
    {"MPOL_BIND", 2},
    {"MPOL_INTERLEAVE", 3},
    {"MPOL_LOCAL", 4},
    {"MPOL_PREFERRED_MANY", 5},
    {"MPOL_WEIGHTED_INTERLEAVE", 6},
};
constexpr Named kFlags[] = {
    {"MPOL_F_NUMA_BALANCING", 1 << 13},
    {"MPOL_F_RELATIVE_NODES", 1 << 14},
    {"MPOL_F_STATIC_NODES", 1 << 15},
};
// Node numbers above this are refused: the kernel's own limit (NODES_SHIFT)
// is at most 10 on every architecture Debian builds.
constexpr uint32_t kMaxNode = 1023;

absl::Status Invalid(absl::string_view path, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

// "0-3,7" into mask words.
absl::Status ParseNodes(const std::string& text, std::vector<uint64_t>* words) {
  constexpr absl::string_view kPath = "linux.memoryPolicy.nodes";
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    std::vector<absl::string_view> ends = absl::StrSplit(part, absl::MaxSplits('-', 1));
    uint32_t first = 0, last = 0;
    if (!absl::SimpleAtoi(ends[0], &first) ||
        !absl::SimpleAtoi(ends.size() == 2 ? ends[1] : ends[0], &last) || ends[0].empty() ||
        ends[0][0] == '+' || first > last) {
      return Invalid(
          kPath,
          absl::StrCat("expected node numbers and ranges such as \"0-3,7\", got \"", text, "\""));
    }
    if (last > kMaxNode) {
      return Invalid(kPath,
                     absl::StrCat("node ", last, " is above the largest possible node ", kMaxNode));
    }
    if (words->size() < last / 64 + 1) words->resize(last / 64 + 1, 0);
    for (uint32_t n = first; n <= last; ++n) (*words)[n / 64] |= uint64_t{1} << (n % 64);
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& MemoryPolicyModes() {
  static const auto* modes = [] {
    auto* v = new std::vector<std::string>;
    for (const Named& m : kModes) v->push_back(m.name);
    return v;
  }();
  return *modes;
}

const std::vector<std::string>& MemoryPolicyFlags() {
  static const auto* flags = [] {
    auto* v = new std::vector<std::string>;
    for (const Named& f : kFlags) v->push_back(f.name);
    return v;
  }();
  return *flags;
}

absl::Status PlanMemoryPolicy(const config::Linux& linux, InitPlan* plan) {
  if (!linux.memory_policy.has_value()) return absl::OkStatus();
  const config::MemoryPolicy& p = *linux.memory_policy;
  const Named* mode = nullptr;
  for (const Named& m : kModes) {
    if (p.mode == m.name) mode = &m;
  }
  if (mode == nullptr) {
    return Invalid("linux.memoryPolicy.mode",
                   absl::StrCat("unknown memory policy mode \"", p.mode, "\""));
  }
  int32_t flags = 0;
  for (size_t i = 0; i < p.flags.size(); ++i) {
    const Named* flag = nullptr;
    for (const Named& f : kFlags) {
      if (p.flags[i] == f.name) flag = &f;
    }
    if (flag == nullptr) {
      return Invalid(absl::StrCat("linux.memoryPolicy.flags[", i, "]"),
                     absl::StrCat("unknown memory policy flag \"", p.flags[i], "\""));
    }
    flags |= flag->value;
  }
  std::vector<uint64_t> nodes;
  if (!p.nodes.empty()) RETURN_IF_ERROR(ParseNodes(p.nodes, &nodes));
  // set_mempolicy(2)'s rules, so that the child never sees EINVAL.
  bool takes_nodes = mode->value != 0 && mode->value != 4;  // not DEFAULT, LOCAL
  bool needs_nodes = takes_nodes && mode->value != 1;       // PREFERRED may be empty
  if (!takes_nodes && !nodes.empty()) {
    return Invalid("linux.memoryPolicy.nodes", absl::StrCat(p.mode, " takes no nodes"));
  }
  if (needs_nodes && nodes.empty()) {
    return Invalid("linux.memoryPolicy.nodes", absl::StrCat(p.mode, " needs at least one node"));
  }
  if ((flags & (1 << 14)) && (flags & (1 << 15))) {
    return Invalid("linux.memoryPolicy.flags",
                   "MPOL_F_RELATIVE_NODES and MPOL_F_STATIC_NODES exclude each other");
  }
  if (!takes_nodes && (flags & ((1 << 14) | (1 << 15)))) {
    return Invalid("linux.memoryPolicy.flags", absl::StrCat(p.mode, " takes no node flags"));
  }
  if ((flags & (1 << 13)) && mode->value != 2) {
    return Invalid("linux.memoryPolicy.flags", "MPOL_F_NUMA_BALANCING needs MPOL_BIND");
  }
  plan->set_mempolicy = true;
  plan->mempolicy_mode = mode->value | flags;
  plan->mempolicy_nodes = std::move(nodes);
  return absl::OkStatus();
}

}  // namespace nsinit::process

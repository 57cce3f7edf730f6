#include "runtime/cgroups/rt_budget.h"

#include <dirent.h>

#include <cmath>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/files.h"

namespace nsinit::cgroups {
namespace {

// rt_runtime_us may be -1 (unlimited, the root only).
absl::StatusOr<int64_t> ReadInt(const std::string& dir, const char* file) {
  ASSIGN_OR_RETURN(std::string text, ReadCgroupFile(dir, file));
  int64_t v = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &v)) {
    return absl::InternalError(absl::StrCat(JoinPath(dir, file), ": not a number: ", text));
  }
  return v;
}

// The runtime/period ratio `dir` holds (0 when it holds none).
double Ratio(const std::string& dir) {
  absl::StatusOr<int64_t> runtime = ReadInt(dir, "cpu.rt_runtime_us");
  absl::StatusOr<int64_t> period = ReadInt(dir, "cpu.rt_period_us");
  if (!runtime.ok() || !period.ok() || *runtime <= 0 || *period <= 0) return 0;
  return static_cast<double>(*runtime) / static_cast<double>(*period);
}

// What the children of `dir` other than `except` hold.
double ChildrenRatio(const std::string& dir, const std::string& except) {
  double sum = 0;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return 0;
  while (struct dirent* e = readdir(d)) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    std::string child = JoinPath(dir, e->d_name);
    if (child != except) sum += Ratio(child);
  }
  closedir(d);
  return sum;
}

}  // namespace

absl::Status GrantRtBudgetToAncestors(const std::string& mount, const std::string& dir,
                                      uint64_t runtime) {
  if (!absl::StartsWith(dir, mount + "/")) return absl::OkStatus();
  // The chain below the root: mount/a, mount/a/b, ..., parent of dir.
  std::vector<std::string> chain;
  for (size_t slash = dir.find('/', mount.size() + 1); slash != std::string::npos;
       slash = dir.find('/', slash + 1)) {
    chain.push_back(dir.substr(0, slash));
  }
  if (chain.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t period, ReadInt(dir, "cpu.rt_period_us"));
  if (period <= 0) return absl::OkStatus();
  // Bottom-up: each ancestor needs its other children plus the chain below.
  std::vector<double> need(chain.size());
  double below = static_cast<double>(runtime) / static_cast<double>(period);
  std::string child = dir;
  for (size_t i = chain.size(); i-- > 0;) {
    below += ChildrenRatio(chain[i], child);
    need[i] = below;
    child = chain[i];
  }
  // Top-down: a parent's budget must be there before a child's.
  for (size_t i = 0; i < chain.size(); ++i) {
    ASSIGN_OR_RETURN(int64_t current, ReadInt(chain[i], "cpu.rt_runtime_us"));
    ASSIGN_OR_RETURN(int64_t own_period, ReadInt(chain[i], "cpu.rt_period_us"));
    int64_t wanted = static_cast<int64_t>(std::ceil(need[i] * static_cast<double>(own_period)));
    if (current < 0 || current >= wanted) continue;
    absl::Status s = WriteCgroupFile(chain[i], "cpu.rt_runtime_us", absl::StrCat(wanted));
    if (!s.ok()) {
      return absl::Status(s.code(), absl::StrCat("linux.resources.cpu.realtimeRuntime: giving the "
                                                 "parent cgroup the realtime budget its child "
                                                 "needs: ",
                                                 s.message()));
    }
  }
  return absl::OkStatus();
}

bool HoldsRtBudget(const std::string& dir) {
  absl::StatusOr<int64_t> runtime = ReadInt(dir, "cpu.rt_runtime_us");
  return runtime.ok() && *runtime > 0;
}

void ReleaseUnusedRtBudget(const std::string& dir) {
  absl::StatusOr<int64_t> current = ReadInt(dir, "cpu.rt_runtime_us");
  absl::StatusOr<int64_t> period = ReadInt(dir, "cpu.rt_period_us");
  if (!current.ok() || !period.ok() || *current <= 0) return;
  int64_t wanted =
      static_cast<int64_t>(std::ceil(ChildrenRatio(dir, "") * static_cast<double>(*period)));
  if (wanted < *current) (void)WriteCgroupFile(dir, "cpu.rt_runtime_us", absl::StrCat(wanted));
}

}  // namespace nsinit::cgroups

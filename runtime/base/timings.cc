#include "runtime/base/timings.h"

#include <stdio.h>
#include <time.h>

#include <algorithm>

namespace nsinit::timings {
namespace {

struct Entry {
  const char* phase;
  int64_t ns;
};

// Enough for create + start + wait + delete with the child's marks; later
// marks are dropped rather than allocating.
constexpr int kMaxEntries = 96;
Entry g_entries[kMaxEntries];
int g_count = 0;

}  // namespace

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void MarkAt(const char* phase, int64_t monotonic_ns) {
  if (g_count < kMaxEntries) g_entries[g_count++] = {phase, monotonic_ns};
}

void Mark(const char* phase) { MarkAt(phase, NowNs()); }

void Reset() { g_count = 0; }

std::string Report() {
  Entry sorted[kMaxEntries];
  std::copy(g_entries, g_entries + g_count, sorted);
  std::stable_sort(sorted, sorted + g_count,
                   [](const Entry& a, const Entry& b) { return a.ns < b.ns; });
  std::string out;
  for (int i = 0; i < g_count; ++i) {
    const int64_t previous = i > 0 ? sorted[i - 1].ns : sorted[0].ns;
    char line[256];
    snprintf(line, sizeof(line), "timing: +%.3f %.3f %s\n", (sorted[i].ns - sorted[0].ns) / 1e6,
             (sorted[i].ns - previous) / 1e6, sorted[i].phase);
    out += line;
  }
  return out;
}

}  // namespace nsinit::timings

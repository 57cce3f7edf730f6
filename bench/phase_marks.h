// Per-step timings for the floors (floor.cc, config_floor.cc), in the
// format of nsinit's --debug-timings (runtime/base/timings.h), so the
// report's phase tables put a floor's kernel operations beside nsinit's
// phases:
//     timing: +<ms since the first mark> <ms since the previous mark> <name>
//
// The marks live in one shared anonymous mapping made before the clone, so
// the container's side (a copy of the process after clone3) marks into the
// same table as the parent. Marking is a clock_gettime and a store: no
// allocation, async-signal-safe, so floor.cc's child may mark too. When
// --debug-timings is not given, nothing is mapped and every mark is a no-op.
#ifndef NSINIT_BENCH_PHASE_MARKS_H_
#define NSINIT_BENCH_PHASE_MARKS_H_

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>

namespace nsinit::bench {

class PhaseMarks {
 public:
  // Starts recording (the first mark is "main"); false if the mapping failed.
  bool Enable() {
    void* p =
        mmap(nullptr, sizeof(Table), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
    table_ = new (p) Table();
    Mark("main");
    return true;
  }

  // A leading --debug-timings in argv (after argv[0]) is taken out of it,
  // and the marks enabled; false only when it was there and the mapping
  // failed (errno set).
  bool EnableIfAsked(int* argc, char*** argv) {
    if (*argc < 2 || strcmp((*argv)[1], "--debug-timings") != 0) return true;
    (*argv)[1] = (*argv)[0];
    --*argc;
    ++*argv;
    return Enable();
  }

  // `name` must outlive the process (a string literal).
  void Mark(const char* name) {
    if (table_ == nullptr) return;
    const uint32_t i = table_->count.fetch_add(1, std::memory_order_relaxed);
    if (i >= kMax) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    table_->marks[i] = {name, static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec};
  }

  // Prints the marks in time order on stderr.
  void Print() const {
    if (table_ == nullptr) return;
    const uint32_t n = std::min<uint32_t>(table_->count.load(), kMax);
    Entry sorted[kMax];
    std::copy(table_->marks, table_->marks + n, sorted);
    std::stable_sort(sorted, sorted + n,
                     [](const Entry& a, const Entry& b) { return a.ns < b.ns; });
    for (uint32_t i = 0; i < n; ++i) {
      const int64_t previous = sorted[i > 0 ? i - 1 : 0].ns;
      fprintf(stderr, "timing: +%.3f %.3f %s\n", (sorted[i].ns - sorted[0].ns) / 1e6,
              (sorted[i].ns - previous) / 1e6, sorted[i].name);
    }
  }

 private:
  static constexpr uint32_t kMax = 64;
  struct Entry {
    const char* name;
    int64_t ns;
  };
  struct Table {
    std::atomic<uint32_t> count{0};
    Entry marks[kMax];
  };
  Table* table_ = nullptr;
};

}  // namespace nsinit::bench

#endif  // NSINIT_BENCH_PHASE_MARKS_H_

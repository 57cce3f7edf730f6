// Per-phase timestamps of one runtime operation: where a start, an exec or
// a delete spends its time, so a regression says where it happened
// (`nsinit --debug-timings`, the CLI's `--debug`, bench/report.py's phase
// breakdown, and any library user through Report()).
//
// Mark() is a CLOCK_MONOTONIC read (vDSO) and a store into a fixed array:
// async-signal-safe and allocation-free, so it is always on and the child
// after clone may call it too. The child's own marks travel back to the
// runtime in its kReady message (process/sync.h) and are merged here with
// MarkAt(), on the same clock. Not thread-safe: one operation at a time,
// which is how the CLI and the benchmarks use it.
#ifndef NSINIT_RUNTIME_BASE_TIMINGS_H_
#define NSINIT_RUNTIME_BASE_TIMINGS_H_

#include <cstdint>
#include <string>

namespace nsinit::timings {

// CLOCK_MONOTONIC in nanoseconds.
int64_t NowNs();

// Records that `phase` (a string with static storage) is done now: its
// time is the time since the previous mark.
void Mark(const char* phase);
// The same at a time taken elsewhere (the child's marks).
void MarkAt(const char* phase, int64_t monotonic_ns);

// Forgets every mark (a library user timing one operation after another).
void Reset();

// One line per mark, in time order, relative to the first:
//   "timing: +<ms since the first mark> <ms since the previous mark> <phase>"
std::string Report();

}  // namespace nsinit::timings

#endif  // NSINIT_RUNTIME_BASE_TIMINGS_H_

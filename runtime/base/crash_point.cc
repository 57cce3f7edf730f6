#include "runtime/base/crash_point.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/base/timings.h"

namespace nsinit {

void CrashPoint(const char* name) {
  // Every crash point is also a phase boundary of --debug-timings.
  timings::Mark(name);
  const char* enabled = getenv("NSINIT_TEST_CRASH_POINTS");
  if (enabled == nullptr || strcmp(enabled, "1") != 0) return;
  const char* at = getenv("NSINIT_CRASH_AT");
  if (at == nullptr || strcmp(at, name) != 0) return;
  kill(getpid(), SIGKILL);
  // SIGKILL cannot be caught or blocked: never reached.
  _exit(137);
}

}  // namespace nsinit

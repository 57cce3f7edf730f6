// Crash points: named places after each step of create, start, exec and
// delete that changes the host, where a test makes the runtime die by
// SIGKILL to prove that one `delete --force` still cleans everything up
// (runtime/README.md lists them with their test).
//
// Honoured only when the environment has NSINIT_TEST_CRASH_POINTS=1 and
// NSINIT_CRASH_AT=<name>: a production runtime never reads the second
// variable unless the first one, which no caller sets by accident, is
// there too.
#ifndef NSINIT_RUNTIME_BASE_CRASH_POINT_H_
#define NSINIT_RUNTIME_BASE_CRASH_POINT_H_

namespace nsinit {

// SIGKILLs the calling process when `name` is the armed crash point. Each
// point is also a --debug-timings mark (timings.h): the phases of create,
// start, exec and delete are named after them.
void CrashPoint(const char* name);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_CRASH_POINT_H_

// The child's end of the sync protocol (sync.h) once it runs the plan:
// where it reports, the one way it fails, and the waits for the runtime.
//
// A failing step sends one fixed-size kError record (step, errno, object:
// a path or a name, cut to 239 bytes) and the child _exits; the runtime
// turns that record into a status and tears the container down. Reports go
// to the sync socket until `start` connects; from then on to that
// connection (start_child.h), so `start` sees a late failure.
#ifndef NSINIT_RUNTIME_PROCESS_REPORT_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_REPORT_CHILD_H_

#include <string>

#include "runtime/process/sync_child.h"

namespace nsinit::process {

// Where failures (and kReady, and the pty master) go from now on.
void SetChildReportFd(int fd);
int ChildReportFd();

// Reports `step` failing with the current errno, `what` its object (may be
// null), and exits.
[[noreturn]] void FailInChild(ChildStep step, const char* what);

// The same with an errno saved before `what` was put together (building a
// string may allocate, and nothing promises that keeps errno).
[[noreturn]] void FailInChild(ChildStep step, int err, const std::string& what);

// Blocks until the runtime sends `type`; anything else (the runtime failed
// or went away) fails `step` with ECANCELED.
void AwaitRuntimeInChild(SyncType type, ChildStep step);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_REPORT_CHILD_H_

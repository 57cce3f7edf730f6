// The child's use of /proc: writing a procfs file so that nothing mounted
// over it can take the write, checking that /proc is a procfs at all, and
// naming an open fd by its /proc/self/fd path for calls that take paths.
#ifndef NSINIT_RUNTIME_PROCESS_PROCFS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_PROCFS_CHILD_H_

#include <string>

#include "runtime/process/sync_child.h"

namespace nsinit::process {

// Writes `value` to a procfs file `path` ("/proc/..."); false with errno
// set on failure (EXDEV: the file opened is not on procfs).
bool WriteProcFileInChild(const std::string& path, const char* value);

// Fails `step` with EXDEV unless /proc in the container is a real procfs.
void RequireRealProcInChild(ChildStep step);

// "/proc/self/fd/<fd>": mount(2) and chmod(2) take paths, so what was
// resolved and opened safely is passed to them by this name.
std::string ProcFdPath(int fd);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_PROCFS_CHILD_H_

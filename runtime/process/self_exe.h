// The running binary, in a form nothing can write, to re-execute as a
// container's init or exec'd process.
//
// Why not exec /proc/self/exe directly: CVE-2019-5736. A process inside the
// container can open /proc/<init>/exe while the runtime binary is being
// executed and, once it exits, write to the host's runtime binary through
// that fd. Two ways to leave nothing writable, fastest first:
//
//  1. A read-only view: open_tree(OPEN_TREE_CLONE) of /proc/self/exe makes
//     a private, detached bind mount of the binary, and mount_setattr makes
//     it read-only; exec'ing through that fd gives /proc/<pid>/exe on a
//     mount that refuses every write (EROFS). Costs two syscalls. Needs
//     CAP_SYS_ADMIN (Linux 5.12+). A container process that holds
//     CAP_SYS_ADMIN in the host's user namespace could clone its own
//     writable view, but such a process can escape in many other ways.
//  2. Otherwise, a sealed memfd copy (F_SEAL_WRITE, SHRINK, GROW, SEAL):
//     /proc/<pid>/exe points at "memfd:nsinit (deleted)". Costs a copy of
//     the binary (about 2 ms for 5 MB, see bench/README.md).
//
// Made once per process and reused (the CLI makes one container per
// process; a test binary makes many).
#ifndef NSINIT_RUNTIME_PROCESS_SELF_EXE_H_
#define NSINIT_RUNTIME_PROCESS_SELF_EXE_H_

#include "absl/status/statusor.h"

namespace nsinit::process {

// An fd (CLOEXEC) to exec with execveat(fd, "", ..., AT_EMPTY_PATH): the
// read-only view, or the sealed copy. Open for the life of the process.
absl::StatusOr<int> SealedSelfExe();

// The read-only view of `path` (1. above); exposed for its test.
absl::StatusOr<int> ReadOnlyView(const char* path);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SELF_EXE_H_

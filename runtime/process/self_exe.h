// A sealed in-memory copy of the running binary, to re-execute as a
// container's init or exec'd process.
//
// Why not exec /proc/self/exe directly: CVE-2019-5736. A process inside the
// container can open /proc/<init>/exe while the runtime binary is being
// executed and, once it exits, write to the host's runtime binary through
// that fd. Exec'ing a memfd whose writes are sealed (F_SEAL_WRITE, SHRINK,
// GROW, SEAL) leaves nothing on the host to overwrite: /proc/<pid>/exe then
// points at "memfd:nsinit (deleted)", an object no one can write.
//
// The copy is made once per process and reused (the CLI makes one container
// per process; a test binary makes many).
#ifndef NSINIT_RUNTIME_PROCESS_SELF_EXE_H_
#define NSINIT_RUNTIME_PROCESS_SELF_EXE_H_

#include "absl/status/statusor.h"

namespace nsinit::process {

// The memfd (CLOEXEC, sealed) holding a copy of /proc/self/exe. The fd
// stays open for the life of the process.
absl::StatusOr<int> SealedSelfExe();

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SELF_EXE_H_

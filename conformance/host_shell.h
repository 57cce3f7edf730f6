// The "sh" step: a shell script run on the host, beside the runtime.
//
//   {"step": "sh", "script": "mount --bind ${tmp}/a ${rootfs}/mnt",
//    "background": false}
//
// Cases use it for what the container format cannot say: host mounts
// under the rootfs before create, SysV IPC objects on the host, a second
// runtime invocation racing the first, a Unix socket listening for a
// seccomp notify fd, killing the runtime halfway. The script runs as
// `/bin/sh -c SCRIPT` in the case's scratch directory with the engine's
// variables already substituted, the caller's environment plus
// RUNTIME (the binary under test, empty for the library adapter), ROOT,
// BUNDLE, ID and TMP, and the step's deadline.
//
// Foreground: the step's result is {exit, signal, timed_out, stdout,
// stderr, lines} like a runtime step (stdout lines that are JSON are
// parsed into "lines"). Background: the script is started in its own
// process group and the step returns at once with exit 0; the engine
// SIGKILLs the group and reaps it when the case ends, pass or fail.
#ifndef NSINIT_CONFORMANCE_HOST_SHELL_H_
#define NSINIT_CONFORMANCE_HOST_SHELL_H_

#include "absl/status/statusor.h"
#include "conformance/adapter.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

absl::StatusOr<StepOutput> RunHostShell(const rapidjson::Value& step, CaseContext& ctx);

// Kills and reaps the background scripts of the case.
void StopBackgroundShells(CaseContext& ctx);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_HOST_SHELL_H_

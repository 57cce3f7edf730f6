// HostInfo: the facts about the machine a report was made on (issue 19).
//
// Verdicts depend on the host: a cgroup v2 host skips other cases than a
// hybrid one, a kernel without the 32-bit ABI cannot show SEC-019, an LSM
// changes what a label does. Every report opens with these facts so two
// reports can be told apart, and `--compare` warns when they differ.
// Read once per run, from /proc, /sys and /etc, without the runtime's code.
#ifndef NSINIT_CONFORMANCE_HOST_INFO_H_
#define NSINIT_CONFORMANCE_HOST_INFO_H_

#include <string>
#include <utility>
#include <vector>

namespace nsinit::conformance {

// ("kernel", "6.1.0-18-amd64 #1 SMP ..."), ("distribution", ...),
// ("cgroup mode", "v1" | "hybrid" | "v2"), ("cgroup controllers", ...),
// ("32-bit ABI", "usable" | "not usable: ..."), ("LSMs", ...),
// ("user namespaces", ...), ("CPUs", "2"), in that order.
std::vector<std::pair<std::string, std::string>> CollectHostInfo();

// The cgroup mode from what is mounted at `root` (normally /sys/fs/cgroup):
// "v2" when it is cgroup2, "hybrid" when v1 controllers are mounted below it
// and a cgroup2 at root/unified, "v1" otherwise.
std::string CgroupMode(const std::string& root);

// Whether a 64-bit process can make an i386 system call (int 0x80):
// "usable (...)", "not usable (...)", "unknown (...)" or "not applicable
// (...)". Probed once per process in a forked child (a kernel without IA32
// emulation, or booted with ia32_emulation=0, kills it with SIGSEGV); the
// report head and the `ia32-syscalls` need both read it.
std::string Abi32Syscalls();

// The suite's revision: the `git describe --always --dirty` stamped into
// the build (tools/bazel/workspace_status.sh), else that of the tree it
// runs from (`bazel run` says where in BUILD_WORKSPACE_DIRECTORY), else
// "unknown (not run from a git checkout)".
std::string SuiteRevision();

// Now, UTC, as 2026-12-04T17:50:00Z.
std::string UtcNow();

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_HOST_INFO_H_

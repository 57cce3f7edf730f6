// Small self-contained steps of the child (between re-exec and the
// container's exec) that the conformance work on other suites' findings
// added: each is a raw-syscall function returning 0, or -1 with errno set,
// so the caller in init_child.cc reports it as its own ChildStep. Nothing
// here allocates (the child is async-signal-safe).
#ifndef NSINIT_RUNTIME_PROCESS_CHILD_STEPS_H_
#define NSINIT_RUNTIME_PROCESS_CHILD_STEPS_H_

#include <stdint.h>
#include <sys/types.h>

namespace nsinit::process {

// Hands fds 0-2 to the container's user (fchown), as runc and crun do, so a
// process that drops root can still reopen /proc/self/fd/N. Only pipes,
// sockets and regular files: a terminal or /dev/null is left as it is (a
// host tty must not change owner). EINVAL and EPERM (an id the user
// namespace does not map) are passed over.
int ChownStdioInChild(uid_t uid, gid_t gid);

// Whether any of fds 0-2 is a terminal: an exec'd process then stays in the
// caller's process group, so reading the caller's terminal does not stop
// it with SIGTTIN as a background group would be.
bool StdioIsATerminalInChild();

// Makes the mount at `path` (not its children) private: used on the mount
// holding the rootfs and on / before pivot_root, which refuses (EINVAL) a
// shared new root parent or a shared current root.
int MakeMountPrivateInChild(const char* path);

// Without a mount namespace of its own the container's root is entered with
// chroot, as runc does: chroot(path), then chdir("/").
int ChrootInChild(const char* path);

// set_mempolicy(2) with `mode` (MPOL_* | flags) and the node mask words.
int SetMemoryPolicyInChild(int32_t mode, const uint64_t* mask, size_t words);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CHILD_STEPS_H_

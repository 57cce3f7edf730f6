// Raw system calls glibc 2.36 does not wrap, wrapped once.
//
// (The namespace is nsinit::sys, not ::linux: GNU modes predefine `linux`.)
//
// Each function is a thin, async-signal-safe wrapper returning the raw
// result (-1 with errno on failure), so both the parent and the child after
// clone can use it. Fallbacks for older kernels live with the callers that
// need them and are documented there.
#ifndef NSINIT_RUNTIME_LINUX_SYSCALLS_H_
#define NSINIT_RUNTIME_LINUX_SYSCALLS_H_

#include <linux/mount.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

namespace nsinit::sys {

// clone3(2) with fork semantics (no CLONE_VM, no new stack): returns 0 in
// the child, the child's pid in the parent. `pidfd` receives a pidfd when
// CLONE_PIDFD is in `flags`. `cgroup_fd` >= 0 adds CLONE_INTO_CGROUP.
pid_t Clone3(uint64_t flags, int* pidfd, int cgroup_fd = -1);

// clone3(2) with CLONE_VM | CLONE_VFORK, as posix_spawn clones: the child
// runs `fn(arg)` on `stack` (`stack_bytes`, lowest address first) in the
// caller's memory and exits with its result if it returns; the caller is
// suspended until the child execs or exits, and gets its pid (-1 with errno
// on failure). `pidfd` and `cgroup_fd` as for Clone3. x86-64 only (a few
// instructions of assembly: the child must not return into the caller's
// frames); elsewhere it fails with ENOSYS and the caller clones otherwise.
pid_t Clone3Vfork(uint64_t flags, int* pidfd, int cgroup_fd, void* stack, size_t stack_bytes,
                  int (*fn)(void*), void* arg);

int PivotRoot(const char* new_root, const char* put_old);
int PidfdOpen(pid_t pid, unsigned int flags);
int PidfdSendSignal(int pidfd, int sig, unsigned int flags);
int CloseRange(unsigned int first, unsigned int last, unsigned int flags);
int Openat2(int dirfd, const char* path, uint64_t flags, uint64_t mode, uint64_t resolve);
int MountSetattr(int dirfd, const char* path, unsigned int flags, uint64_t attr_set,
                 uint64_t attr_clr, uint64_t propagation);
// open_tree(2); with OPEN_TREE_CLONE a detached copy of the mount at
// `path` (without its submounts unless AT_RECURSIVE). Kernel 5.2.
int OpenTree(int dirfd, const char* path, unsigned int flags);
int Execveat(int dirfd, const char* path, char* const argv[], char* const envp[], int flags);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_SYSCALLS_H_

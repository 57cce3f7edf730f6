#include "runtime/linux/syscalls.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace nsinit::sys {

pid_t Clone3(uint64_t flags, int* pidfd, int cgroup_fd) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = flags;
  args.exit_signal = SIGCHLD;
  if (pidfd != nullptr) args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  if (cgroup_fd >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup_fd);
  }
  return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
}

#if defined(__x86_64__)
// clone3(args, size) with the child calling fn(arg) and exiting with its
// result. In: rdi = args, rsi = size, rdx = fn, rcx = arg. fn and arg are
// kept in r8 and r9, which the syscall preserves in both processes (it
// clobbers rcx and r11); the kernel starts the child with rax = 0 on the
// stack clone_args names, so it never returns through the caller's frames,
// which the suspended parent still owns.
extern "C" long nsinit_clone3_call(struct clone_args* args, size_t size, int (*fn)(void*),
                                   void* arg);
asm(R"(
    .text
    .p2align 4
    .globl nsinit_clone3_call
    .hidden nsinit_clone3_call
    .type nsinit_clone3_call, @function
nsinit_clone3_call:
    .cfi_startproc
    mov %rdx, %r8
    mov %rcx, %r9
    mov $435, %eax
    syscall
    test %rax, %rax
    jz 1f
    ret
1:
    .cfi_undefined rip
    xor %ebp, %ebp
    mov %r9, %rdi
    call *%r8
    mov %eax, %edi
    mov $60, %eax
    syscall
    hlt
    .cfi_endproc
    .size nsinit_clone3_call, .-nsinit_clone3_call
)");
static_assert(SYS_clone3 == 435 && SYS_exit == 60);
#endif

pid_t Clone3Vfork(uint64_t flags, int* pidfd, int cgroup_fd, void* stack, size_t stack_bytes,
                  int (*fn)(void*), void* arg) {
#if defined(__x86_64__)
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = flags | CLONE_VM | CLONE_VFORK;
  args.exit_signal = SIGCHLD;
  if (pidfd != nullptr) args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  if (cgroup_fd >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup_fd);
  }
  args.stack = reinterpret_cast<uint64_t>(stack);
  args.stack_size = stack_bytes;
  long ret = nsinit_clone3_call(&args, sizeof(args), fn, arg);
  if (ret < 0) {
    errno = static_cast<int>(-ret);
    return -1;
  }
  return static_cast<pid_t>(ret);
#else
  (void)flags, (void)pidfd, (void)cgroup_fd, (void)stack, (void)stack_bytes, (void)fn, (void)arg;
  errno = ENOSYS;
  return -1;
#endif
}

int PivotRoot(const char* new_root, const char* put_old) {
  return static_cast<int>(syscall(SYS_pivot_root, new_root, put_old));
}

int PidfdOpen(pid_t pid, unsigned int flags) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, flags));
}

int PidfdSendSignal(int pidfd, int sig, unsigned int flags) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, flags));
}

int CloseRange(unsigned int first, unsigned int last, unsigned int flags) {
  return static_cast<int>(syscall(SYS_close_range, first, last, flags));
}

int OpenTree(int dirfd, const char* path, unsigned int flags) {
  return static_cast<int>(syscall(SYS_open_tree, dirfd, path, flags));
}

int Openat2(int dirfd, const char* path, uint64_t flags, uint64_t mode, uint64_t resolve) {
  struct open_how how;
  memset(&how, 0, sizeof(how));
  how.flags = flags;
  how.mode = mode;
  how.resolve = resolve;
  return static_cast<int>(syscall(SYS_openat2, dirfd, path, &how, sizeof(how)));
}

int MountSetattr(int dirfd, const char* path, unsigned int flags, uint64_t attr_set,
                 uint64_t attr_clr, uint64_t propagation) {
  struct mount_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.attr_set = attr_set;
  attr.attr_clr = attr_clr;
  attr.propagation = propagation;
  return static_cast<int>(syscall(SYS_mount_setattr, dirfd, path, flags, &attr, sizeof(attr)));
}

int Execveat(int dirfd, const char* path, char* const argv[], char* const envp[], int flags) {
  return static_cast<int>(syscall(SYS_execveat, dirfd, path, argv, envp, flags));
}

}  // namespace nsinit::sys

// System call wrappers for processes, credentials, namespaces, signals,
// memory, time and sockets, and syscall() itself. As in syscalls_fs.cc:
// glibc 2.36's kernel call on x86_64, with its errno convention.
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/nolibc/internal.h"

using nsinit::nolibc::g_errno;
using nsinit::nolibc::RawSyscall;
using nsinit::nolibc::Syscall;

namespace {

// The kernel's sigset_t: 64 signals (glibc's is 1024 bits wide; only the
// first word reaches the kernel).
constexpr long kKernelSigsetSize = 8;

// glibc keeps two real-time signals for its threads (SIGCANCEL 32,
// SIGSETXID 33): sigfillset leaves them out, sigaddset and sigdelset refuse
// them, sigprocmask never blocks them. nolibc does the same so a program
// (and what it execs, which inherits the mask) sees glibc's behaviour.
bool IsGlibcInternalSignal(int sig) { return sig == 32 || sig == 33; }

bool IsValidSignal(int sig) { return sig > 0 && sig < NSIG; }

unsigned long SignalBit(int sig) { return 1UL << ((sig - 1) % (8 * sizeof(unsigned long))); }
unsigned long& SignalWord(sigset_t* set, int sig) {
  return set->__val[(sig - 1) / (8 * sizeof(unsigned long))];
}

}  // namespace

void _exit(int status) { nsinit::nolibc::ExitGroup(status); }
void exit(int status) { nsinit::nolibc::ExitGroup(status); }  // no atexit, no stdio

pid_t getpid() { return static_cast<pid_t>(RawSyscall(SYS_getpid)); }
pid_t getppid() { return static_cast<pid_t>(RawSyscall(SYS_getppid)); }
uid_t getuid() { return static_cast<uid_t>(RawSyscall(SYS_getuid)); }
uid_t geteuid() { return static_cast<uid_t>(RawSyscall(SYS_geteuid)); }
gid_t getgid() { return static_cast<gid_t>(RawSyscall(SYS_getgid)); }
gid_t getegid() { return static_cast<gid_t>(RawSyscall(SYS_getegid)); }

int execve(const char* path, char* const argv[], char* const envp[]) {
  return Syscall(SYS_execve, path, argv, envp);
}
int kill(pid_t pid, int sig) { return Syscall(SYS_kill, pid, sig); }
pid_t waitpid(pid_t pid, int* status, int options) {
  return Syscall(SYS_wait4, pid, status, options, nullptr);
}
int setpgid(pid_t pid, pid_t pgid) { return Syscall(SYS_setpgid, pid, pgid); }
pid_t setsid() { return Syscall(SYS_setsid); }

// glibc's setgroups also applies the change to every thread (setxid
// broadcast); there is only one thread here.
int setgroups(size_t n, const gid_t* groups) { return Syscall(SYS_setgroups, n, groups); }

int setrlimit(__rlimit_resource_t resource, const struct rlimit* limit) {
  return Syscall(SYS_prlimit64, 0, resource, limit, nullptr);
}

int prctl(int option, ...) {
  va_list ap;
  va_start(ap, option);
  unsigned long a[4];
  for (unsigned long& arg : a) arg = va_arg(ap, unsigned long);
  va_end(ap);
  return Syscall(SYS_prctl, option, a[0], a[1], a[2], a[3]);
}

int personality(unsigned long persona) {
  // The kernel returns the previous personality, which may look negative.
  long ret = RawSyscall(SYS_personality, persona);
  if (nsinit::nolibc::IsError(ret)) return static_cast<int>(nsinit::nolibc::ErrnoReturn(ret));
  return static_cast<int>(ret);
}

// The kernel returns 0 (sched_getaffinity is the one returning a size).
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t* set) {
  return Syscall(SYS_sched_setaffinity, pid, size, set);
}

int unshare(int flags) { return Syscall(SYS_unshare, flags); }
int setns(int fd, int nstype) { return Syscall(SYS_setns, fd, nstype); }
int sethostname(const char* name, size_t len) { return Syscall(SYS_sethostname, name, len); }
int setdomainname(const char* name, size_t len) { return Syscall(SYS_setdomainname, name, len); }

long syscall(long nr, ...) {
  va_list ap;
  va_start(ap, nr);
  long a[6];
  for (long& arg : a) arg = va_arg(ap, long);  // as glibc: six words, used or not
  va_end(ap);
  return nsinit::nolibc::ErrnoReturn(
      nsinit::nolibc::RawSyscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}

int sigemptyset(sigset_t* set) {
  memset(set, 0, sizeof(*set));
  return 0;
}

int sigfillset(sigset_t* set) {
  memset(set, 0xff, sizeof(*set));
  SignalWord(set, 32) &= ~(SignalBit(32) | SignalBit(33));
  return 0;
}

int sigaddset(sigset_t* set, int sig) {
  if (!IsValidSignal(sig) || IsGlibcInternalSignal(sig)) {
    g_errno = EINVAL;
    return -1;
  }
  SignalWord(set, sig) |= SignalBit(sig);
  return 0;
}

int sigdelset(sigset_t* set, int sig) {
  if (!IsValidSignal(sig) || IsGlibcInternalSignal(sig)) {
    g_errno = EINVAL;
    return -1;
  }
  SignalWord(set, sig) &= ~SignalBit(sig);
  return 0;
}

int sigismember(const sigset_t* set, int sig) {
  if (!IsValidSignal(sig)) {
    g_errno = EINVAL;
    return -1;
  }
  return (set->__val[(sig - 1) / (8 * sizeof(unsigned long))] & SignalBit(sig)) != 0;
}

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
  sigset_t copy;
  if (set != nullptr) {
    copy = *set;
    SignalWord(&copy, 32) &= ~(SignalBit(32) | SignalBit(33));
    set = &copy;
  }
  return Syscall(SYS_rt_sigprocmask, how, set, old, kKernelSigsetSize);
}

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  long ret = RawSyscall(SYS_mmap, addr, len, prot, flags, fd, offset);
  if (nsinit::nolibc::IsError(ret)) {
    g_errno = static_cast<int>(-ret);
    return MAP_FAILED;
  }
  return reinterpret_cast<void*>(ret);
}
int munmap(void* addr, size_t len) { return Syscall(SYS_munmap, addr, len); }
int mprotect(void* addr, size_t len, int prot) { return Syscall(SYS_mprotect, addr, len, prot); }

// The system call, not the vDSO: the vDSO would have to be found and
// parsed at start-up, which costs more than the calls it saves here.
int clock_gettime(clockid_t clock, struct timespec* ts) {
  return Syscall(SYS_clock_gettime, clock, ts);
}
int nanosleep(const struct timespec* req, struct timespec* rem) {
  return Syscall(SYS_nanosleep, req, rem);
}
int poll(struct pollfd* fds, nfds_t n, int timeout) { return Syscall(SYS_poll, fds, n, timeout); }

int socket(int domain, int type, int protocol) {
  return Syscall(SYS_socket, domain, type, protocol);
}
int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  return Syscall(SYS_accept4, fd, addr, len, flags);
}
ssize_t recv(int fd, void* buf, size_t n, int flags) {
  return Syscall(SYS_recvfrom, fd, buf, n, flags, nullptr, nullptr);
}
ssize_t recvmsg(int fd, struct msghdr* msg, int flags) {
  return Syscall(SYS_recvmsg, fd, msg, flags);
}
ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  return Syscall(SYS_sendmsg, fd, msg, flags);
}

// CMSG_NXTHDR's out-of-line half (the header inlines it only when
// optimising for speed): the header after `cmsg`, or null when it would
// not fit whole in the control buffer. Named by an asm label, as atoi in
// strtol.cc: <sys/socket.h> may hold an inline definition of its own.
struct cmsghdr* CmsgNextHeader(struct msghdr* msg, struct cmsghdr* cmsg) asm("__cmsg_nxthdr");
struct cmsghdr* CmsgNextHeader(struct msghdr* msg, struct cmsghdr* cmsg) {
  if (cmsg->cmsg_len < sizeof(struct cmsghdr)) return nullptr;
  auto* next = reinterpret_cast<struct cmsghdr*>(reinterpret_cast<unsigned char*>(cmsg) +
                                                 CMSG_ALIGN(cmsg->cmsg_len));
  unsigned char* end = static_cast<unsigned char*>(msg->msg_control) + msg->msg_controllen;
  if (reinterpret_cast<unsigned char*>(next + 1) > end ||
      reinterpret_cast<unsigned char*>(next) + CMSG_ALIGN(next->cmsg_len) > end) {
    return nullptr;
  }
  return next;
}

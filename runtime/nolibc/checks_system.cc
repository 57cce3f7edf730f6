// The system call wrappers: files and directories in the scratch directory,
// file systems, descriptors, pipes and sockets, signals, time, memory maps,
// process attributes, and the errno of failing calls. Both processes run as
// the same user in the same namespaces, so even the calls that need
// privileges (mount, sethostname...) fail, or succeed, alike; those are
// made only in ways that change nothing.
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <initializer_list>

#include "runtime/nolibc/checks.h"

namespace nsinit::nolibc_checks {
namespace {

// Reports `call()`'s result and errno (reset first).
template <typename F>
void Call(const Report& r, const char* name, F call) {
  errno = 0;
  long ret = call();
  int saved_errno = errno;
  r.Check(name).Result(ret, saved_errno);
}

// For calls returning a descriptor, whose number differs between the two
// processes: 0 for any descriptor, the failure as is.
long Fd(int fd) { return fd >= 0 ? 0 : fd; }

// `dir` + "/" + `name`, in `out` (PATH_MAX bytes).
const char* Join(char* out, const char* dir, const char* name) {
  size_t dir_len = strlen(dir);
  size_t name_len = strlen(name);
  if (dir_len + 1 + name_len >= PATH_MAX) abort();
  memcpy(out, dir, dir_len);
  out[dir_len] = '/';
  memcpy(out + dir_len + 1, name, name_len + 1);
  return out;
}

void ReportStat(const Report& r, const char* name, int ret, const struct stat& st) {
  r.Check(name)
      .Int(ret)
      .Int(static_cast<long>(st.st_mode & S_IFMT) >> 12)
      .Int(st.st_mode & 07777)
      .Int(st.st_size)
      .Int(static_cast<long>(st.st_nlink))
      .Int(st.st_uid == getuid());
}

void CreateWriteStat(const Report& r, int dir) {
  Call(r, "mkdirat", [&] { return mkdirat(dir, "work", 0777); });
  Call(r, "mkdirat exists", [&] { return mkdirat(dir, "work", 0777); });
  errno = 0;
  int fd = openat(dir, "work/new", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  r.Check("openat create").Int(Fd(fd)).Int(errno);
  Call(r, "openat exclusive", [&] { return Fd(openat(dir, "work/new", O_CREAT | O_EXCL, 0666)); });
  Call(r, "openat missing", [&] { return Fd(openat(dir, "missing/new", O_RDONLY)); });
  Call(r, "write", [&] { return write(fd, "hello, world\n", 13); });
  struct iovec iov[2] = {{const_cast<char*>("one "), 4}, {const_cast<char*>("two\n"), 4}};
  Call(r, "writev", [&] { return writev(fd, iov, 2); });
  Call(r, "fsync", [&] { return fsync(fd); });
  struct stat st = {};
  ReportStat(r, "fstat", fstat(fd, &st), st);
  Call(r, "ftruncate", [&] { return ftruncate(fd, 17); });
  ReportStat(r, "fstat truncated", fstat(fd, &st), st);
  Call(r, "close", [&] { return close(fd); });
  Call(r, "close again", [&] { return close(fd); });
  Call(r, "fstat closed", [&] { return fstat(fd, &st); });

  memset(&st, 0, sizeof(st));
  ReportStat(r, "fstatat", fstatat(dir, "work/new", &st, 0), st);
  ReportStat(r, "fstatat dir", fstatat(dir, "work", &st, 0), st);
  ReportStat(r, "fstatat symlink", fstatat(dir, "file_link", &st, AT_SYMLINK_NOFOLLOW), st);
  ReportStat(r, "fstatat followed", fstatat(dir, "file_link", &st, 0), st);
  ReportStat(r, "fstatat empty path", fstatat(dir, "", &st, AT_EMPTY_PATH), st);
  Call(r, "fstatat missing", [&] { return fstatat(dir, "missing", &st, 0); });
  Call(r, "fstatat not a dir", [&] { return fstatat(dir, "file/x", &st, 0); });
}

void ReadBack(const Report& r, const char* scratch, int dir) {
  char path[PATH_MAX];
  Join(path, scratch, "work/new");
  errno = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  r.Check("open").Int(Fd(fd)).Int(errno);
  char buf[32] = {};
  long n = read(fd, buf, 5);
  r.Check("read").Int(n).Bytes(buf, 6);
  memset(buf, 0, sizeof(buf));
  n = pread(fd, buf, 5, 7);
  r.Check("pread").Int(n).Bytes(buf, 6);
  Call(r, "lseek cur", [&] { return lseek(fd, 0, SEEK_CUR); });  // pread does not move it
  Call(r, "lseek end", [&] { return lseek(fd, -3, SEEK_END); });
  memset(buf, 0, sizeof(buf));
  n = read(fd, buf, sizeof(buf));
  r.Check("read to end").Int(n).Str(buf);
  Call(r, "read at end", [&] { return read(fd, buf, sizeof(buf)); });
  Call(r, "lseek negative", [&] { return lseek(fd, -100, SEEK_SET); });
  Call(r, "write read-only", [&] { return write(fd, "x", 1); });
  Call(r, "read bad fd", [&] { return read(-1, buf, 1); });
  Call(r, "write bad fd", [&] { return write(12345, buf, 1); });
  Call(r, "open missing", [&] { return Fd(open("/nonexistent-nolibc/x", O_RDONLY)); });

  Call(r, "access", [&] { return access(path, F_OK); });
  Call(r, "access write", [&] { return access(path, W_OK); });
  Call(r, "access missing", [&] { return access("/nonexistent-nolibc", F_OK); });

  struct stat st = {};
  Call(r, "chmod", [&] { return chmod(path, 0600); });
  ReportStat(r, "chmod mode", fstat(fd, &st), st);
  Call(r, "fchmod", [&] { return fchmod(fd, 0640); });
  ReportStat(r, "fchmod mode", fstat(fd, &st), st);
  Call(r, "fchmodat", [&] { return fchmodat(dir, "work/new", 0604, 0); });
  ReportStat(r, "fchmodat mode", fstat(fd, &st), st);
  Call(r, "fchmodat symlink nofollow",
       [&] { return fchmodat(dir, "file_link", 0600, AT_SYMLINK_NOFOLLOW); });
  // glibc emulates this through /proc, nolibc needs fchmodat2 (Linux 6.6):
  // both succeed or nolibc says ENOTSUP.
  errno = 0;
  int ret = fchmodat(dir, "work/new", 0644, AT_SYMLINK_NOFOLLOW);
  r.Check("fchmodat nofollow").Int(ret == 0 || errno == ENOTSUP);
  Call(r, "fchmodat bad flag", [&] { return fchmodat(dir, "work/new", 0644, 0x8000); });
  Call(r, "fchown", [&] { return fchown(fd, getuid(), getgid()); });
  Call(r, "fchown bad fd", [&] { return fchown(-1, getuid(), getgid()); });
  Call(r, "fchownat", [&] { return fchownat(dir, "work/new", -1, -1, 0); });
  Call(r, "fchownat symlink",
       [&] { return fchownat(dir, "file_link", getuid(), getgid(), AT_SYMLINK_NOFOLLOW); });

  // The file's access and modification times, as fstat sees them now.
  auto check_times = [&](const char* name) {
    fstat(fd, &st);
    r.Check(name)
        .Int(st.st_atim.tv_sec)
        .Int(st.st_atim.tv_nsec)
        .Int(st.st_mtim.tv_sec)
        .Int(st.st_mtim.tv_nsec);
  };
  const struct timespec times[2] = {{1, 2}, {3, 4}};
  Call(r, "utimensat", [&] { return utimensat(dir, "work/new", times, 0); });
  check_times("utimensat times");
  const struct timespec later[2] = {{5, 6}, {0, UTIME_OMIT}};
  Call(r, "futimens", [&] { return futimens(fd, later); });
  check_times("futimens times");
  Call(r, "utimensat symlink",
       [&] { return utimensat(dir, "file_link", times, AT_SYMLINK_NOFOLLOW); });
  Call(r, "futimens bad fd", [&] { return futimens(-1, times); });
  close(fd);
}

void Links(const Report& r, const char* scratch, int dir) {
  Call(r, "mknodat fifo", [&] { return mknodat(dir, "work/fifo", S_IFIFO | 0600, 0); });
  struct stat st = {};
  ReportStat(r, "fifo", fstatat(dir, "work/fifo", &st, 0), st);
  Call(r, "symlinkat", [&] { return symlinkat("target", dir, "work/link"); });
  Call(r, "symlinkat exists", [&] { return symlinkat("target", dir, "work/link"); });
  char buf[16] = {};
  long n = readlinkat(dir, "work/link", buf, sizeof(buf));
  r.Check("readlinkat").Int(n).Bytes(buf, 7);
  memset(buf, 0, sizeof(buf));
  n = readlinkat(dir, "work/link", buf, 3);
  r.Check("readlinkat short").Int(n).Bytes(buf, 4);
  char path[PATH_MAX];
  memset(buf, 0, sizeof(buf));
  n = readlink(Join(path, scratch, "work/link"), buf, sizeof(buf));
  r.Check("readlink").Int(n).Str(buf);
  Call(r, "readlinkat not a link", [&] { return readlinkat(dir, "work/new", buf, sizeof(buf)); });
  Call(r, "readlink missing", [&] { return readlink("/nonexistent-nolibc", buf, sizeof(buf)); });

  char name[PATH_MAX];
  Join(name, scratch, "work/tmpXXXXXX");
  errno = 0;
  int fd = mkostemp(name, O_CLOEXEC);
  size_t len = strlen(name);
  const char* suffix = name + len - 6;
  bool random =
      strcmp(suffix, "XXXXXX") != 0 &&
      strspn(suffix, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == 6;
  memset(&st, 0, sizeof(st));
  fstat(fd, &st);
  r.Check("mkostemp")
      .Int(Fd(fd))
      .Int(errno)
      .Int(random)
      .Int(st.st_mode & 07777)
      .Int(fcntl(fd, F_GETFD));
  close(fd);
  Call(r, "unlink", [&] { return unlink(name); });
  Call(r, "unlink again", [&] { return unlink(name); });
  char bad[] = "tmpXXXXX";
  Call(r, "mkostemp bad", [&] { return Fd(mkostemp(bad, 0)); });

  char from[PATH_MAX], to[PATH_MAX];
  Join(from, scratch, "work/new");
  Join(to, scratch, "work/renamed");
  Call(r, "rename", [&] { return rename(from, to); });
  Call(r, "rename missing", [&] { return rename(from, to); });
  Call(r, "unlinkat not empty", [&] { return unlinkat(dir, "work", AT_REMOVEDIR); });
  Call(r, "unlinkat link", [&] { return unlinkat(dir, "work/link", 0); });
  Call(r, "unlinkat fifo", [&] { return unlinkat(dir, "work/fifo", 0); });
  Call(r, "unlinkat file", [&] { return unlinkat(dir, "work/renamed", 0); });
  Call(r, "unlinkat dir as file", [&] { return unlinkat(dir, "work", 0); });
  Call(r, "unlinkat dir", [&] { return unlinkat(dir, "work", AT_REMOVEDIR); });
  Call(r, "unlinkat gone", [&] { return unlinkat(dir, "work", AT_REMOVEDIR); });
}

void FileSystems(const Report& r, const char* scratch, int dir) {
  struct statvfs vfs = {};
  int ret = statvfs(scratch, &vfs);
  r.Check("statvfs")
      .Int(ret)
      .Int(vfs.f_bsize)
      .Int(vfs.f_frsize)
      .Int(vfs.f_namemax)
      .Int(vfs.f_flag)
      .Int(vfs.f_blocks)
      .Int(vfs.f_files)
      .Int(vfs.f_fsid)
      .Int(vfs.f_favail == vfs.f_ffree);
  for (const char* mount : {"/", "/proc", "/dev"}) {
    memset(&vfs, 0, sizeof(vfs));
    ret = statvfs(mount, &vfs);
    r.Check("statvfs flags").Str(mount).Int(ret).Int(vfs.f_flag).Int(vfs.f_namemax).Int(vfs.f_fsid);
  }
  Call(r, "statvfs missing", [&] { return statvfs("/nonexistent-nolibc", &vfs); });
  struct statfs fs = {};
  ret = statfs(scratch, &fs);
  r.Check("statfs").Int(ret).Int(fs.f_type).Int(fs.f_bsize).Int(fs.f_namelen).Int(fs.f_flags);
  struct statfs by_fd = {};
  ret = fstatfs(dir, &by_fd);
  r.Check("fstatfs").Int(ret).Int(by_fd.f_type == fs.f_type).Int(by_fd.f_blocks == fs.f_blocks);
  Call(r, "fstatfs bad fd", [&] { return fstatfs(-1, &fs); });
}

void Descriptors(const Report& r, const char* scratch) {
  char path[PATH_MAX];
  int file = open(Join(path, scratch, "file"), O_RDONLY);
  Call(r, "dup2 same", [&] { return dup2(file, file) == file; });
  Call(r, "dup2 same closed", [&] { return dup2(999, 999); });
  Call(r, "dup2", [&] { return dup2(file, 100); });
  Call(r, "dup2 bad", [&] { return dup2(-1, 101); });
  Call(r, "fcntl getfd", [&] { return fcntl(100, F_GETFD); });
  Call(r, "fcntl setfd", [&] { return fcntl(100, F_SETFD, FD_CLOEXEC); });
  Call(r, "fcntl getfd cloexec", [&] { return fcntl(100, F_GETFD); });
  Call(r, "fcntl getfl", [&] { return fcntl(100, F_GETFL) & (O_ACCMODE | O_APPEND); });
  Call(r, "fcntl dupfd", [&] { return fcntl(100, F_DUPFD_CLOEXEC, 200) >= 200; });
  Call(r, "fcntl bad fd", [&] { return fcntl(-1, F_GETFD); });
  Call(r, "fcntl getown", [&] { return fcntl(100, F_GETOWN); });
  Call(r, "close dup", [&] { return close(100); });

  int fds[2];
  Call(r, "pipe2", [&] { return pipe2(fds, O_CLOEXEC); });
  Call(r, "pipe2 cloexec", [&] { return fcntl(fds[0], F_GETFD); });
  Call(r, "pipe2 bad flags", [&] { return pipe2(fds + 0, 0x12345678); });
  struct pollfd pfd = {fds[0], POLLIN, 0};
  Call(r, "poll empty", [&] { return poll(&pfd, 1, 0); });
  Call(r, "write pipe", [&] { return write(fds[1], "abc", 3); });
  int available = -1;
  Call(r, "ioctl fionread", [&] { return ioctl(fds[0], FIONREAD, &available); });
  r.Check("fionread").Int(available);
  Call(r, "ioctl bad", [&] { return ioctl(file, 0x7fff1234, nullptr); });
  pfd.revents = 0;
  Call(r, "poll ready", [&] { return poll(&pfd, 1, 1000); });
  r.Check("poll revents").Int(pfd.revents);
  char buf[16] = {};
  Call(r, "read pipe", [&] { return read(fds[0], buf, sizeof(buf)); });
  off_t offset = 2;
  Call(r, "sendfile", [&] { return sendfile(fds[1], file, &offset, 5); });
  memset(buf, 0, sizeof(buf));
  long n = read(fds[0], buf, sizeof(buf));
  r.Check("sendfile data").Int(offset).Int(n).Str(buf);
  close(fds[0]);
  close(fds[1]);
  close(file);

  // socketpair is not wrapped: syscall() makes it.
  int sv[2];
  Call(r, "syscall socketpair",
       [&] { return syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv); });
  char ping[] = "ping";
  struct iovec iov = {ping, 4};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  Call(r, "sendmsg", [&] { return sendmsg(sv[0], &msg, 0); });
  memset(buf, 0, sizeof(buf));
  n = recv(sv[1], buf, sizeof(buf), 0);
  r.Check("recv").Int(n).Str(buf);
  Call(r, "sendmsg again", [&] { return sendmsg(sv[1], &msg, MSG_NOSIGNAL); });
  memset(buf, 0, sizeof(buf));
  struct iovec in = {buf, sizeof(buf)};
  struct msghdr received = {};
  received.msg_iov = &in;
  received.msg_iovlen = 1;
  n = recvmsg(sv[0], &received, 0);
  r.Check("recvmsg").Int(n).Str(buf).Int(received.msg_flags);
  Call(r, "recv nonblocking", [&] { return recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT); });
  Call(r, "accept4 not listening", [&] { return accept4(sv[0], nullptr, nullptr, 0); });
  close(sv[0]);
  close(sv[1]);
  Call(r, "socket", [&] { return Fd(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)); });
  Call(r, "socket bad family", [&] { return socket(12345, SOCK_STREAM, 0); });
}

// The membership of signals 1..64, as a string of 0s and 1s.
void ReportSet(const Report& r, const char* name, const sigset_t& set) {
  char bits[65];
  for (int sig = 1; sig <= 64; ++sig) bits[sig - 1] = sigismember(&set, sig) == 1 ? '1' : '0';
  bits[64] = '\0';
  r.Check(name).Word(bits);
}

void Signals(const Report& r) {
  sigset_t set;
  sigemptyset(&set);
  ReportSet(r, "sigemptyset", set);
  sigfillset(&set);
  ReportSet(r, "sigfillset", set);
  sigemptyset(&set);
  for (int sig : {0, 1, 9, 31, 32, 33, 34, 64, 65, -1}) {
    Call(r, "sigaddset", [&] { return sigaddset(&set, sig); });
  }
  ReportSet(r, "sigaddset set", set);
  Call(r, "sigdelset", [&] { return sigdelset(&set, 9); });
  Call(r, "sigdelset 33", [&] { return sigdelset(&set, 33); });
  Call(r, "sigismember 65", [&] { return sigismember(&set, 65); });
  ReportSet(r, "sigdelset set", set);

  sigset_t old, now, usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  Call(r, "sigprocmask block", [&] { return sigprocmask(SIG_BLOCK, &usr1, &old); });
  sigprocmask(SIG_SETMASK, nullptr, &now);
  r.Check("sigprocmask blocked").Int(sigismember(&now, SIGUSR1));
  sigset_t all;
  sigfillset(&all);
  all.__val[0] |= 3UL << 31;  // 32 and 33 too: sigprocmask leaves them unblocked
  Call(r, "sigprocmask all", [&] { return sigprocmask(SIG_SETMASK, &all, nullptr); });
  sigprocmask(SIG_SETMASK, nullptr, &now);
  ReportSet(r, "sigprocmask mask", now);
  Call(r, "sigprocmask restore", [&] { return sigprocmask(SIG_SETMASK, &old, nullptr); });
  sigprocmask(SIG_SETMASK, nullptr, &now);
  r.Check("sigprocmask restored").Int(memcmp(&now.__val[0], &old.__val[0], 8) == 0);
  Call(r, "sigprocmask bad how", [&] { return sigprocmask(12345, &usr1, nullptr); });
}

long Nanoseconds(const struct timespec& ts) { return ts.tv_sec * 1000000000L + ts.tv_nsec; }

void Time(const Report& r) {
  struct timespec a = {}, b = {}, real = {};
  int ret_a = clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec pause = {0, 2000000};
  Call(r, "nanosleep", [&] { return nanosleep(&pause, nullptr); });
  int ret_b = clock_gettime(CLOCK_MONOTONIC, &b);
  r.Check("clock_gettime monotonic")
      .Int(ret_a)
      .Int(ret_b)
      .Int(Nanoseconds(b) >= Nanoseconds(a) + 2000000);
  int ret = clock_gettime(CLOCK_REALTIME, &real);
  r.Check("clock_gettime realtime")
      .Int(ret)
      .Int(real.tv_sec > 1700000000)
      .Int(real.tv_nsec >= 0 && real.tv_nsec < 1000000000);
  Call(r, "clock_gettime bad clock", [&] { return clock_gettime(12345, &a); });
  struct timespec bad = {0, 2000000000};
  Call(r, "nanosleep bad", [&] { return nanosleep(&bad, nullptr); });
}

void MemoryMaps(const Report& r) {
  void* map = mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  bool ok = map != MAP_FAILED;
  if (ok) static_cast<char*>(map)[4096] = 1;
  r.Check("mmap").Int(ok).Int(reinterpret_cast<unsigned long>(map) % 4096);
  Call(r, "mprotect", [&] { return mprotect(map, 4096, PROT_READ); });
  Call(r, "mprotect unaligned",
       [&] { return mprotect(static_cast<char*>(map) + 1, 1, PROT_READ); });
  Call(r, "munmap", [&] { return munmap(map, 8192); });
  Call(r, "munmap unaligned", [&] { return munmap(static_cast<char*>(map) + 1, 1); });
  errno = 0;
  void* none = mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  r.Check("mmap empty").Int(none == MAP_FAILED).Int(errno);
}

void Processes(const Report& r) {
  r.Check("ids")
      .Int(getpid() == syscall(SYS_getpid))
      .Int(getppid() == syscall(SYS_getppid))
      .Int(getuid())
      .Int(geteuid())
      .Int(getgid())
      .Int(getegid())
      .Int(getpid() > 1);
  Call(r, "syscall bad", [&] { return syscall(100000, 1, 2, 3, 4, 5, 6); });
  Call(r, "syscall getpid", [&] { return syscall(SYS_getpid) == getpid(); });
  Call(r, "kill self 0", [&] { return kill(getpid(), 0); });
  Call(r, "kill missing", [&] { return kill(0x3fffffff, 0); });
  Call(r, "waitpid no child", [&] { return waitpid(-1, nullptr, WNOHANG); });
  Call(r, "setpgid bad", [&] { return setpgid(-1, 0); });

  struct rlimit limit = {};
  syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, nullptr, &limit);
  Call(r, "setrlimit same", [&] { return setrlimit(RLIMIT_NOFILE, &limit); });
  struct rlimit inverted = {limit.rlim_max, limit.rlim_max - 1};
  Call(r, "setrlimit inverted", [&] { return setrlimit(RLIMIT_NOFILE, &inverted); });
  Call(r, "setrlimit bad resource",
       [&] { return setrlimit(static_cast<__rlimit_resource>(999), &limit); });

  Call(r, "prctl dumpable", [&] { return prctl(PR_GET_DUMPABLE); });
  char old_name[17] = {}, name[17] = {};
  prctl(PR_GET_NAME, old_name);
  Call(r, "prctl set name", [&] { return prctl(PR_SET_NAME, "nolibc-check"); });
  prctl(PR_GET_NAME, name);
  prctl(PR_SET_NAME, old_name);
  r.Check("prctl name").Str(name);
  Call(r, "prctl bad", [&] { return prctl(-1, 0, 0, 0, 0); });
  Call(r, "personality", [&] { return personality(0xffffffff); });

  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  long size = syscall(SYS_sched_getaffinity, 0, sizeof(cpus), &cpus);
  r.Check("sched_getaffinity").Int(size > 0);
  Call(r, "sched_setaffinity", [&] { return sched_setaffinity(0, sizeof(cpus), &cpus); });
  cpu_set_t empty;
  CPU_ZERO(&empty);
  Call(r, "sched_setaffinity empty", [&] { return sched_setaffinity(0, sizeof(empty), &empty); });

  // Privileged calls that change nothing whatever the privileges.
  Call(r, "unshare nothing", [&] { return unshare(0); });
  Call(r, "unshare bad", [&] { return unshare(-1); });
  Call(r, "setns bad fd", [&] { return setns(-1, 0); });
  Call(r, "mount missing",
       [&] { return mount(nullptr, "/nonexistent-nolibc", nullptr, MS_REMOUNT, nullptr); });
  Call(r, "umount2 missing", [&] { return umount2("/nonexistent-nolibc", 0); });
  Call(r, "umount2 bad flags", [&] { return umount2("/", 0x7ff0); });
  Call(r, "chroot missing", [&] { return chroot("/nonexistent-nolibc"); });
  char long_name[100];
  memset(long_name, 'h', sizeof(long_name));
  Call(r, "sethostname too long", [&] { return sethostname(long_name, sizeof(long_name)); });
  Call(r, "setdomainname too long", [&] { return setdomainname(long_name, sizeof(long_name)); });
  Call(r, "setgroups too many", [&] { return setgroups(1 << 20, nullptr); });
  char* argv[] = {const_cast<char*>("x"), nullptr};
  Call(r, "execve missing", [&] { return execve("/nonexistent-nolibc", argv, argv + 1); });
}

}  // namespace

void CheckSystem(const Report& r) {
  mode_t old_mask = umask(022);
  int dir = open(r.scratch(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  r.Check("open scratch").Int(Fd(dir)).Int(umask(022));
  CreateWriteStat(r, dir);
  ReadBack(r, r.scratch(), dir);
  Links(r, r.scratch(), dir);
  FileSystems(r, r.scratch(), dir);
  close(dir);
  umask(old_mask);
  Descriptors(r, r.scratch());
  Signals(r);
  Time(r);
  MemoryMaps(r);
  Processes(r);
}

}  // namespace nsinit::nolibc_checks

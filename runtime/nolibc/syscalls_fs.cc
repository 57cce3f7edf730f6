// System call wrappers for files, directories, file systems and mounts.
// Each is the kernel call glibc 2.36 makes on x86_64, with glibc's
// conventions (errno and -1 on failure); the few that do more say why.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "runtime/nolibc/internal.h"

using nsinit::nolibc::g_errno;
using nsinit::nolibc::RawSyscall;
using nsinit::nolibc::Syscall;

namespace {

// open's third argument is read only when the flags create a file.
mode_t ModeArgument(int flags, va_list ap) {
  return __OPEN_NEEDS_MODE(flags) ? va_arg(ap, mode_t) : 0;
}

// fchmodat2 (Linux 6.6) is the first call that takes AT_SYMLINK_NOFOLLOW.
constexpr long kSysFchmodat2 = 452;

}  // namespace

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArgument(flags, ap);
  va_end(ap);
  return Syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArgument(flags, ap);
  va_end(ap);
  return Syscall(SYS_openat, dirfd, path, flags, mode);
}

int close(int fd) { return Syscall(SYS_close, fd); }
ssize_t read(int fd, void* buf, size_t n) { return Syscall(SYS_read, fd, buf, n); }
ssize_t write(int fd, const void* buf, size_t n) { return Syscall(SYS_write, fd, buf, n); }
ssize_t writev(int fd, const struct iovec* iov, int n) { return Syscall(SYS_writev, fd, iov, n); }
ssize_t pread(int fd, void* buf, size_t n, off_t offset) {
  return Syscall(SYS_pread64, fd, buf, n, offset);
}
off_t lseek(int fd, off_t offset, int whence) { return Syscall(SYS_lseek, fd, offset, whence); }
int ftruncate(int fd, off_t length) { return Syscall(SYS_ftruncate, fd, length); }
int fsync(int fd) { return Syscall(SYS_fsync, fd); }
ssize_t sendfile(int out_fd, int in_fd, off_t* offset, size_t count) {
  return Syscall(SYS_sendfile, out_fd, in_fd, offset, count);
}

// x86_64 has dup2 itself: for old == new it checks that old is open, as
// POSIX asks (dup3 would fail with EINVAL instead).
int dup2(int oldfd, int newfd) { return Syscall(SYS_dup2, oldfd, newfd); }

int pipe2(int fds[2], int flags) { return Syscall(SYS_pipe2, fds, flags); }

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  void* arg = va_arg(ap, void*);  // as glibc: one word, whatever the command
  va_end(ap);
  if (cmd == F_GETOWN) {
    // A process group owner comes back negative, which a small group id
    // would make look like an error: glibc asks with F_GETOWN_EX.
    struct f_owner_ex owner;
    long ret = RawSyscall(SYS_fcntl, fd, F_GETOWN_EX, &owner);
    if (!nsinit::nolibc::IsError(ret)) return owner.type == F_OWNER_PGRP ? -owner.pid : owner.pid;
  }
  return Syscall(SYS_fcntl, fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  return Syscall(SYS_ioctl, fd, request, arg);
}

int access(const char* path, int mode) { return Syscall(SYS_access, path, mode); }
int chdir(const char* path) { return Syscall(SYS_chdir, path); }
int fchdir(int fd) { return Syscall(SYS_fchdir, fd); }
int chroot(const char* path) { return Syscall(SYS_chroot, path); }
int chmod(const char* path, mode_t mode) { return Syscall(SYS_chmod, path, mode); }
int fchmod(int fd, mode_t mode) { return Syscall(SYS_fchmod, fd, mode); }

int fchmodat(int dirfd, const char* path, mode_t mode, int flags) {
  if (flags == 0) return Syscall(SYS_fchmodat, dirfd, path, mode);
  if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) {
    g_errno = EINVAL;  // as glibc
    return -1;
  }
  // glibc emulates NOFOLLOW through an O_PATH fd and /proc; here it takes
  // fchmodat2, or is not supported (the kernel cannot chmod a symlink anyway).
  long ret = RawSyscall(kSysFchmodat2, dirfd, path, mode, flags);
  if (ret == -ENOSYS) ret = -ENOTSUP;
  return nsinit::nolibc::ErrnoReturn(ret);
}

int fchown(int fd, uid_t uid, gid_t gid) { return Syscall(SYS_fchown, fd, uid, gid); }
int fchownat(int dirfd, const char* path, uid_t uid, gid_t gid, int flags) {
  return Syscall(SYS_fchownat, dirfd, path, uid, gid, flags);
}

// glibc's x86_64 struct stat is the kernel's: no conversion.
int fstat(int fd, struct stat* st) { return Syscall(SYS_fstat, fd, st); }
int fstatat(int dirfd, const char* path, struct stat* st, int flags) {
  return Syscall(SYS_newfstatat, dirfd, path, st, flags);
}
int statfs(const char* path, struct statfs* st) { return Syscall(SYS_statfs, path, st); }
int fstatfs(int fd, struct statfs* st) { return Syscall(SYS_fstatfs, fd, st); }

// glibc's __internal_statvfs: statfs's fields under statvfs's names.
int statvfs(const char* path, struct statvfs* out) {
  struct statfs in;
  if (statfs(path, &in) != 0) return -1;
  memset(out, 0, sizeof(*out));
  out->f_bsize = in.f_bsize;
  out->f_frsize = in.f_frsize != 0 ? in.f_frsize : in.f_bsize;  // older kernels: 0
  out->f_blocks = in.f_blocks;
  out->f_bfree = in.f_bfree;
  out->f_bavail = in.f_bavail;
  out->f_files = in.f_files;
  out->f_ffree = in.f_ffree;
  out->f_favail = in.f_ffree;  // Linux has no separate count
  out->f_fsid = static_cast<uint32_t>(in.f_fsid.__val[0]) |
                static_cast<unsigned long>(static_cast<uint32_t>(in.f_fsid.__val[1])) << 32;
  // Since Linux 2.6.36 f_flags holds the ST_* bits and ST_VALID (0x20) says
  // so; glibc drops ST_VALID and keeps the rest.
  constexpr unsigned long kStValid = 0x20;
  out->f_flag = static_cast<unsigned long>(in.f_flags) ^ kStValid;
  out->f_namemax = in.f_namelen;
  return 0;
}

int futimens(int fd, const struct timespec times[2]) {
  return Syscall(SYS_utimensat, fd, nullptr, times, 0);
}
int utimensat(int dirfd, const char* path, const struct timespec times[2], int flags) {
  return Syscall(SYS_utimensat, dirfd, path, times, flags);
}

int mkdirat(int dirfd, const char* path, mode_t mode) {
  return Syscall(SYS_mkdirat, dirfd, path, mode);
}
int mknodat(int dirfd, const char* path, mode_t mode, dev_t dev) {
  return Syscall(SYS_mknodat, dirfd, path, mode, dev);
}
int symlinkat(const char* target, int dirfd, const char* path) {
  return Syscall(SYS_symlinkat, target, dirfd, path);
}
ssize_t readlink(const char* path, char* buf, size_t size) {
  return Syscall(SYS_readlink, path, buf, size);
}
ssize_t readlinkat(int dirfd, const char* path, char* buf, size_t size) {
  return Syscall(SYS_readlinkat, dirfd, path, buf, size);
}
int unlink(const char* path) { return Syscall(SYS_unlink, path); }
int unlinkat(int dirfd, const char* path, int flags) {
  return Syscall(SYS_unlinkat, dirfd, path, flags);
}
int rename(const char* from, const char* to) { return Syscall(SYS_rename, from, to); }
mode_t umask(mode_t mask) { return static_cast<mode_t>(RawSyscall(SYS_umask, mask)); }

// mkostemp: the last six characters, "XXXXXX", become random letters and
// digits until O_EXCL creates a new file (glibc's __gen_tempname).
int mkostemp(char* name, int flags) {
  static const char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  size_t len = strlen(name);
  if (len < 6 || memcmp(name + len - 6, "XXXXXX", 6) != 0) {
    g_errno = EINVAL;
    return -1;
  }
  for (int attempt = 0; attempt < 62 * 62 * 62; ++attempt) {
    unsigned char random[6];
    if (nsinit::nolibc::IsError(RawSyscall(SYS_getrandom, random, sizeof(random), 0))) {
      unsigned long t = static_cast<unsigned long>(attempt) * 2654435761u;
      memcpy(random, &t, sizeof(random));  // no getrandom: still distinct names
    }
    for (int i = 0; i < 6; ++i) name[len - 6 + i] = kLetters[random[i] % 62];
    int fd = open(name, (flags & ~O_ACCMODE) | O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0 || g_errno != EEXIST) return fd;
  }
  g_errno = EEXIST;
  return -1;
}

// getcwd: the kernel's answer, or glibc's: a malloc'd buffer when buf is
// NULL, EINVAL for a zero size with a buffer, and ENOENT for a directory not
// under the root ("(unreachable)/...", CVE-2018-1000001).
char* getcwd(char* buf, size_t size) {
  if (buf != nullptr && size == 0) {
    g_errno = EINVAL;
    return nullptr;
  }
  size_t alloc = size != 0 ? size : 4096;
  char* path = buf != nullptr ? buf : static_cast<char*>(malloc(alloc));
  if (path == nullptr) return nullptr;
  long ret = Syscall(SYS_getcwd, path, alloc);
  if (ret < 0) return nullptr;
  if (ret == 0 || path[0] != '/') {
    g_errno = ENOENT;
    return nullptr;
  }
  return path;
}

int mount(const char* source, const char* target, const char* type, unsigned long flags,
          const void* data) {
  return Syscall(SYS_mount, source, target, type, flags, data);
}
int umount2(const char* target, int flags) { return Syscall(SYS_umount2, target, flags); }

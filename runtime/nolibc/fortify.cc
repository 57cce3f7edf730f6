// The _FORTIFY_SOURCE entry points (abi.h): glibc's checks, then the plain
// call. A failed check ends the process, as glibc's __chk_fail does.
#include <fcntl.h>
#include <linux/limits.h>  // PATH_MAX (clang's freestanding <limits.h> lacks it)
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/nolibc/abi.h"
#include "runtime/nolibc/internal.h"

namespace {

[[noreturn]] void ChkFail() { nsinit::nolibc::Die("buffer overflow detected"); }

void Check(bool fits) {
  if (!fits) ChkFail();
}

}  // namespace

void* __memcpy_chk(void* dest, const void* src, size_t len, size_t destlen) {
  Check(len <= destlen);
  return memcpy(dest, src, len);
}

void* __memmove_chk(void* dest, const void* src, size_t len, size_t destlen) {
  Check(len <= destlen);
  return memmove(dest, src, len);
}

void* __memset_chk(void* dest, int c, size_t len, size_t destlen) {
  Check(len <= destlen);
  return memset(dest, c, len);
}

char* __strcpy_chk(char* dest, const char* src, size_t destlen) {
  Check(strlen(src) < destlen);
  return strcpy(dest, src);
}

char* __strncpy_chk(char* dest, const char* src, size_t len, size_t destlen) {
  Check(len <= destlen);
  return strncpy(dest, src, len);
}

// The inline open() calls these when it was passed no mode and cannot tell
// at compile time whether the flags need one: glibc dies if they do.
int __open_2(const char* path, int oflag) {
  if (__OPEN_NEEDS_MODE(oflag))
    nsinit::nolibc::Die("invalid open call: O_CREAT or O_TMPFILE without mode");
  return open(path, oflag);
}

int __openat_2(int fd, const char* path, int oflag) {
  if (__OPEN_NEEDS_MODE(oflag))
    nsinit::nolibc::Die("invalid openat call: O_CREAT or O_TMPFILE without mode");
  return openat(fd, path, oflag);
}

// realpath writes up to PATH_MAX bytes into `resolved`.
char* __realpath_chk(const char* name, char* resolved, size_t resolvedlen) noexcept {
  Check(resolvedlen >= PATH_MAX);
  return realpath(name, resolved);
}

char* __getcwd_chk(char* buf, size_t size, size_t buflen) noexcept {
  Check(size <= buflen);
  return getcwd(buf, size);
}

// flag > 0 would make glibc refuse %n in writable formats; nolibc never
// writes for %n.
int __vsnprintf_chk(char* s, size_t maxlen, int, size_t slen, const char* format,
                    va_list ap) noexcept {
  Check(maxlen <= slen);
  return vsnprintf(s, maxlen, format, ap);
}

int __snprintf_chk(char* s, size_t maxlen, int flag, size_t slen, const char* format,
                   ...) noexcept {
  va_list ap;
  va_start(ap, format);
  int n = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
  va_end(ap);
  return n;
}

ssize_t __read_chk(int fd, void* buf, size_t nbytes, size_t buflen) {
  Check(nbytes <= buflen);
  return read(fd, buf, nbytes);
}

ssize_t __pread_chk(int fd, void* buf, size_t nbytes, off_t offset, size_t bufsize) {
  Check(nbytes <= bufsize);
  return pread(fd, buf, nbytes, offset);
}

ssize_t __readlink_chk(const char* path, char* buf, size_t len, size_t buflen) noexcept {
  Check(len <= buflen);
  return readlink(path, buf, len);
}

ssize_t __readlinkat_chk(int fd, const char* path, char* buf, size_t len, size_t buflen) noexcept {
  Check(len <= buflen);
  return readlinkat(fd, path, buf, len);
}

ssize_t __recv_chk(int fd, void* buf, size_t n, size_t buflen, int flags) {
  Check(n <= buflen);
  return recv(fd, buf, n, flags);
}

int __poll_chk(struct pollfd* fds, nfds_t nfds, int timeout, size_t fdslen) {
  Check(fdslen / sizeof(*fds) >= nfds);
  return poll(fds, nfds, timeout);
}

// The _FORTIFY_SOURCE entry points (abi.h), called directly with sizes that
// pass their checks: each must then do what the plain call does. (What a
// failing check does is nolibc_test's "fortify" case.) glibc exports the
// same symbols, so the test process calls its own.
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/nolibc/abi.h"
#include "runtime/nolibc/checks.h"

namespace nsinit::nolibc_checks {
namespace {

int VsnprintfChk(char* buf, size_t size, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = __vsnprintf_chk(buf, size, 1, size, format, ap);
  va_end(ap);
  return n;
}

void Memory(const Report& r) {
  char buf[32] = {};
  void* ret = __memcpy_chk(buf, "abcdef", 6, sizeof(buf));
  r.Check("__memcpy_chk").Int(ret == buf).Str(buf);
  ret = __memmove_chk(buf + 1, buf, 5, sizeof(buf) - 1);
  r.Check("__memmove_chk").Int(ret == buf + 1).Str(buf);
  ret = __memset_chk(buf, 'z', 3, sizeof(buf));
  r.Check("__memset_chk").Int(ret == buf).Str(buf);
  char* copy = __strcpy_chk(buf, "copy", sizeof(buf));
  r.Check("__strcpy_chk").Int(copy == buf).Str(buf);
  memset(buf, 'X', sizeof(buf));
  copy = __strncpy_chk(buf, "ab", 6, sizeof(buf));
  r.Check("__strncpy_chk").Int(copy == buf).Bytes(buf, 8);
  memset(buf, 'X', sizeof(buf));
  int n = __snprintf_chk(buf, sizeof(buf), 1, sizeof(buf), "%d|%s|%5x", 42, "x", 255u);
  r.Check("__snprintf_chk").Int(n).Str(buf);
  n = VsnprintfChk(buf, 8, "%s", "truncated here");
  r.Check("__vsnprintf_chk").Int(n).Str(buf);
}

void Files(const Report& r) {
  char path[PATH_MAX];
  char buf[64] = {};
  size_t len = strlen(r.scratch());
  memcpy(path, r.scratch(), len);
  memcpy(path + len, "/file", 6);
  errno = 0;
  int fd = __open_2(path, O_RDONLY | O_CLOEXEC);
  r.Check("__open_2").Int(fd >= 0).Int(errno);
  long n = __read_chk(fd, buf, 5, sizeof(buf));
  r.Check("__read_chk").Int(n).Str(buf);
  memset(buf, 0, sizeof(buf));
  n = __pread_chk(fd, buf, 6, 7, sizeof(buf));
  r.Check("__pread_chk").Int(n).Str(buf);
  close(fd);
  int dir = open(r.scratch(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  errno = 0;
  fd = __openat_2(dir, "missing", O_RDONLY);
  r.Check("__openat_2").Int(fd).Int(errno);

  memcpy(path + len, "/file_link", 11);
  memset(buf, 0, sizeof(buf));
  n = __readlink_chk(path, buf, sizeof(buf), sizeof(buf));
  r.Check("__readlink_chk").Int(n).Str(buf);
  memset(buf, 0, sizeof(buf));
  n = __readlinkat_chk(dir, "link_rel", buf, 3, sizeof(buf));
  r.Check("__readlinkat_chk").Int(n).Str(buf);
  close(dir);
  char resolved[PATH_MAX];
  r.Check("__realpath_chk").Path(__realpath_chk(path, resolved, sizeof(resolved)));
  char cwd[PATH_MAX];
  char* got = __getcwd_chk(cwd, sizeof(cwd), sizeof(cwd));
  r.Check("__getcwd_chk").Int(got == cwd).Int(got != nullptr && got[0] == '/');
}

void Sockets(const Report& r) {
  int sv[2];
  syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
  struct pollfd pfd = {sv[1], POLLIN, 0};
  r.Check("__poll_chk empty").Int(__poll_chk(&pfd, 1, 0, sizeof(pfd)));
  long sent = write(sv[0], "ping", 4);
  r.Check("__poll_chk").Int(sent).Int(__poll_chk(&pfd, 1, 1000, sizeof(pfd))).Int(pfd.revents);
  char buf[8] = {};
  long n = __recv_chk(sv[1], buf, 4, sizeof(buf), 0);
  r.Check("__recv_chk").Int(n).Str(buf);
  close(sv[0]);
  close(sv[1]);
}

}  // namespace

void CheckFortify(const Report& r) {
  Memory(r);
  Files(r);
  Sockets(r);
}

}  // namespace nsinit::nolibc_checks

// Ending the process on a fatal error: abort, a failed assert, stack
// smashing, and the exceptions libstdc++'s inline code would throw (the
// program is built with -fno-exceptions, and nolibc has no unwinder). Each
// writes "nolibc: <what>" to fd 2 and exits with status 127; abort and
// assert first raise SIGABRT, as glibc's do, so a parent sees the signal.
#include <bits/functexcept.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/nolibc/abi.h"
#include "runtime/nolibc/internal.h"

namespace nsinit::nolibc {

void WriteStderr(const char* s) {
  size_t len = strlen(s);
  while (len > 0) {
    long n = RawSyscall(SYS_write, 2, s, len);
    if (n == -EINTR) continue;
    if (n <= 0) return;
    s += n;
    len -= static_cast<size_t>(n);
  }
}

void ExitGroup(int status) {
  for (;;) RawSyscall(SYS_exit_group, status);
}

void Die(const char* what) {
  WriteStderr("nolibc: ");
  WriteStderr(what);
  WriteStderr("\n");
  ExitGroup(127);
}

}  // namespace nsinit::nolibc

namespace {

using nsinit::nolibc::RawSyscall;

// SIGABRT with its default action (unblocked), then status 127 if a
// handler returned.
[[noreturn]] void RaiseAbort() {
  unsigned long abrt = 1UL << (SIGABRT - 1);
  RawSyscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &abrt, nullptr, sizeof(abrt));
  RawSyscall(SYS_kill, RawSyscall(SYS_getpid), SIGABRT);
  nsinit::nolibc::ExitGroup(127);
}

// "nolibc: <kind>: <what>", status 127.
[[noreturn]] void DieWith(const char* kind, const char* what) {
  const char* parts[] = {"nolibc: ", kind, ": ", what, "\n"};
  for (const char* part : parts) nsinit::nolibc::WriteStderr(part);
  nsinit::nolibc::ExitGroup(127);
}

}  // namespace

void abort() {
  nsinit::nolibc::WriteStderr("nolibc: abort\n");
  RaiseAbort();
}

// glibc's message, with nolibc's prefix for the program name.
void __assert_fail(const char* assertion, const char* file, unsigned int line,
                   const char* function) noexcept {
  char number[16];
  snprintf(number, sizeof(number), "%u", line);
  const char* parts[] = {"nolibc: ",      file,      ":",          number, ": ", function,
                         ": Assertion `", assertion, "' failed.\n"};
  for (const char* part : parts) nsinit::nolibc::WriteStderr(part);
  RaiseAbort();
}

void __stack_chk_fail() { nsinit::nolibc::Die("stack smashing detected"); }

namespace std {

void __throw_bad_alloc() { nsinit::nolibc::Die("std::bad_alloc"); }
void __throw_bad_array_new_length() { nsinit::nolibc::Die("std::bad_array_new_length"); }
void __throw_bad_function_call() { nsinit::nolibc::Die("std::bad_function_call"); }
void __throw_length_error(const char* what) { DieWith("std::length_error", what); }
void __throw_logic_error(const char* what) { DieWith("std::logic_error", what); }
void __throw_invalid_argument(const char* what) { DieWith("std::invalid_argument", what); }
void __throw_out_of_range(const char* what) { DieWith("std::out_of_range", what); }

// The format has libstdc++'s %s, %zu and %lu only, which snprintf covers.
void __throw_out_of_range_fmt(const char* format, ...) {
  char what[512];
  va_list ap;
  va_start(ap, format);
  vsnprintf(what, sizeof(what), format, ap);
  va_end(ap);
  DieWith("std::out_of_range", what);
}

}  // namespace std

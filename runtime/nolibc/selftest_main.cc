// The nolibc self-test: a static program linked with nolibc instead of
// glibc, run by nolibc_test. Its first argument picks what it does:
//   checks DIR   every check of checks.h, DIR the prepared scratch directory
//   exec         execve()s itself as "env a b" with a small environment
//   env          prints its arguments and environment, makes a session,
//                forks and reaps a child, exits with status 5
//   smash | fortify | assert | abort | oom | throw
//                one fatal error each, which must end the process the way
//                nolibc.h says (stderr message, status 127 or SIGABRT)
#include <bits/functexcept.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <new>

#include "runtime/nolibc/abi.h"
#include "runtime/nolibc/checks.h"
#include "runtime/nolibc/nolibc.h"
#include "runtime/nolibc/stack_protected.h"

namespace {

using nsinit::nolibc_checks::Report;

void WriteStdout(void*, const char* data, size_t len) {
  while (len > 0) {
    ssize_t n = write(1, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(120);
    data += n;
    len -= static_cast<size_t>(n);
  }
}

int Exec(char** envp) {
  char* argv[] = {const_cast<char*>("nolibc_selftest"), const_cast<char*>("env"),
                  const_cast<char*>("a b"), nullptr};
  char* env[] = {const_cast<char*>("X=1"), const_cast<char*>("EMPTY="), nullptr};
  execve("/proc/self/exe", argv, env);
  Report(WriteStdout, nullptr, "").Check("execve failed").Int(errno).Int(envp != nullptr);
  return 1;
}

int Env(int argc, char** argv, char** envp) {
  Report r(WriteStdout, nullptr, "");
  {
    auto line = r.Check("argv");
    line.Int(argc);
    for (int i = 0; i < argc; ++i) line.Str(argv[i]);
  }
  {
    auto line = r.Check("environ");
    for (char** e = environ; *e != nullptr; ++e) line.Str(*e);
  }
  r.Check("envp is environ").Int(envp == environ).Int(argv[argc] == nullptr);
  r.Check("single threaded").Int(__libc_single_threaded);
  pid_t sid = setsid();
  r.Check("setsid").Int(sid == getpid());
  errno = 0;
  long again = setsid();  // now a session leader: EPERM
  r.Check("setsid again").Result(again, errno);
  long child = syscall(SYS_fork);
  if (child == 0) _exit(7);
  int status = 0;
  pid_t reaped = waitpid(static_cast<pid_t>(child), &status, 0);
  r.Check("waitpid").Int(reaped == child).Int(WIFEXITED(status)).Int(WEXITSTATUS(status));
  return 5;
}

int Fatal(const char* what) {
  if (strcmp(what, "smash") == 0)
    return static_cast<int>(nsinit::nolibc_checks::OverflowStackBuffer(64));
  if (strcmp(what, "fortify") == 0) {
    char small[16];
    char big[32] = {};
    __memcpy_chk(small, big, sizeof(big), sizeof(small));
    return small[0];
  }
  if (strcmp(what, "assert") == 0) __assert_fail("1 == 2", "selftest_main.cc", 42, "Fatal");
  if (strcmp(what, "abort") == 0) abort();
  if (strcmp(what, "oom") == 0) {
    volatile char* p = static_cast<char*>(operator new(SIZE_MAX / 2));
    return p[0];
  }
  if (strcmp(what, "throw") == 0) std::__throw_length_error("vector::reserve");
  return 2;
}

}  // namespace

int NolibcMain(int argc, char** argv, char** envp) {
  if (argc == 3 && strcmp(argv[1], "checks") == 0) {
    nsinit::nolibc_checks::RunChecks(Report(WriteStdout, nullptr, argv[2]), envp);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "exec") == 0) return Exec(envp);
  if (argc >= 2 && strcmp(argv[1], "env") == 0) return Env(argc, argv, envp);
  if (argc == 2) return Fatal(argv[1]);
  return 2;
}

// What the library's own files share: the raw `syscall` instruction, errno,
// and dying with a message. Not for programs: they use the C names.
#ifndef RUNTIME_NOLIBC_INTERNAL_H_
#define RUNTIME_NOLIBC_INTERNAL_H_

#include <stddef.h>

#include <cstdint>
#include <type_traits>

namespace nsinit::nolibc {

// The one errno of the (single-threaded) process: __errno_location returns it.
extern int g_errno;

// A system call as the x86_64 kernel ABI makes it: number in rax, arguments
// in rdi, rsi, rdx, r10, r8, r9; the kernel clobbers rcx and r11. Returns
// the kernel's value: -4095..-1 is an error number.
inline long RawSyscall6(long nr, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 asm("r10") = d;
  register long r8 asm("r8") = e;
  register long r9 asm("r9") = f;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

template <typename T>
long ToLong(T v) {
  if constexpr (std::is_pointer_v<T> || std::is_null_pointer_v<T>) {
    return reinterpret_cast<long>(v);
  } else {
    return static_cast<long>(v);
  }
}

// RawSyscall6 with any pointers or integers as its arguments.
template <typename... Args>
long RawSyscall(long nr, Args... args) {
  static_assert(sizeof...(Args) <= 6);
  long a[6] = {ToLong(args)...};
  return RawSyscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

inline bool IsError(long ret) { return static_cast<unsigned long>(ret) > -4096UL; }

// The libc convention: an error sets errno and returns -1.
inline long ErrnoReturn(long ret) {
  if (IsError(ret)) {
    g_errno = static_cast<int>(-ret);
    return -1;
  }
  return ret;
}

// A system call with the libc convention (what most wrappers are).
template <typename... Args>
long Syscall(long nr, Args... args) {
  return ErrnoReturn(RawSyscall(nr, args...));
}

// Writes `s` to fd 2, ignoring errors (there is nothing left to tell).
void WriteStderr(const char* s);

// Writes "nolibc: <what>\n" to fd 2 and ends the process with status 127.
[[noreturn]] void Die(const char* what);

// exit_group(status): ends every thread of the process.
[[noreturn]] void ExitGroup(int status);

}  // namespace nsinit::nolibc

#endif  // RUNTIME_NOLIBC_INTERNAL_H_

// The entry points compilers and glibc's headers make programs call that no
// header declares unconditionally: the _FORTIFY_SOURCE checks (declared by
// glibc only when fortifying), the stack protector's failure call (emitted
// by GCC and clang), assert's failure call (declared only without NDEBUG)
// and __dso_handle (normally from crtbegin.o). Their
// signatures are glibc 2.36's (bits/*2.h, bits/*_fortified.h), noexcept where
// glibc's declaration is __THROW (or the two would conflict).
//
// Each _chk function checks that the destination's size (the compiler's
// __builtin_object_size) holds what the call writes, dies with "nolibc:
// buffer overflow detected" otherwise, then does the plain call.
#ifndef RUNTIME_NOLIBC_ABI_H_
#define RUNTIME_NOLIBC_ABI_H_

#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

extern "C" {

extern void* __dso_handle;

[[noreturn]] void __stack_chk_fail(void);

[[noreturn]] void __assert_fail(const char* assertion, const char* file, unsigned int line,
                                const char* function) noexcept;

void* __memcpy_chk(void* dest, const void* src, size_t len, size_t destlen);
void* __memmove_chk(void* dest, const void* src, size_t len, size_t destlen);
void* __memset_chk(void* dest, int c, size_t len, size_t destlen);
char* __strcpy_chk(char* dest, const char* src, size_t destlen);
char* __strncpy_chk(char* dest, const char* src, size_t len, size_t destlen);

// open/openat without a mode: die if the flags need one (O_CREAT, O_TMPFILE).
int __open_2(const char* path, int oflag);
int __openat_2(int fd, const char* path, int oflag);

char* __realpath_chk(const char* name, char* resolved, size_t resolvedlen) noexcept;
char* __getcwd_chk(char* buf, size_t size, size_t buflen) noexcept;

int __snprintf_chk(char* s, size_t maxlen, int flag, size_t slen, const char* format, ...) noexcept;
int __vsnprintf_chk(char* s, size_t maxlen, int flag, size_t slen, const char* format,
                    va_list ap) noexcept;

ssize_t __read_chk(int fd, void* buf, size_t nbytes, size_t buflen);
ssize_t __pread_chk(int fd, void* buf, size_t nbytes, off_t offset, size_t bufsize);
ssize_t __readlink_chk(const char* path, char* buf, size_t len, size_t buflen) noexcept;
ssize_t __readlinkat_chk(int fd, const char* path, char* buf, size_t len, size_t buflen) noexcept;
ssize_t __recv_chk(int fd, void* buf, size_t n, size_t buflen, int flags);
int __poll_chk(struct pollfd* fds, nfds_t nfds, int timeout, size_t fdslen);

}  // extern "C"

#endif  // RUNTIME_NOLIBC_ABI_H_

// nolibc: the small C library a static program is linked against instead of
// glibc (`-nostdlib -static`), so that exec'ing it costs no more than the
// kernel's own work. glibc's start-up (TLS set-up, IRELATIVE relocations,
// tunables, malloc arenas, RELRO) touches dozens of pages before main; this
// library's start touches a few. README.md lists what it provides.
//
// The program is compiled as usual, against glibc's headers (so every
// definition here has glibc's x86_64 signature and behaviour); only the link
// changes. What the library is, and what it is not:
//   - Entry: the program defines NolibcMain (below), not main. The library's
//     _start sets the thread pointer (a static TCB: %fs:0 points to itself,
//     %fs:0x28 holds the stack-protector canary from AT_RANDOM, and the
//     program's static TLS, if any, sits below it), sets `environ`, calls
//     NolibcMain and exit_group()s with its result.
//   - No constructors: .preinit_array, .init_array and .init are not run, so
//     the program must have no static objects with dynamic initialisation
//     (nolibc_test checks the self-test has none). Destructors never run:
//     __cxa_atexit records nothing, exit() is _exit().
//   - Single-threaded: errno is one global, __libc_single_threaded is 1, the
//     static-local guards take no lock. No clone() of threads.
//   - Memory: malloc is a bump allocator over mmap'd regions; free() never
//     returns memory (the program lives only until it execs or exits).
//   - No stdio (FILE, printf to a stream), no locale (the "C" locale's rules
//     everywhere), no floating point in snprintf (%e %f %g %a print '?'), no
//     positional arguments (%1$d), no %n.
//   - Errors: system call wrappers set errno and return -1 as glibc's do.
//     Fatal errors (abort, failed assert, stack smashing, a _FORTIFY_SOURCE
//     check, out of memory in operator new, a would-be C++ exception) write
//     "nolibc: <what>" to fd 2 and exit with status 127.
#ifndef RUNTIME_NOLIBC_NOLIBC_H_
#define RUNTIME_NOLIBC_NOLIBC_H_

// The program's entry, defined by the program: what main() is with glibc
// (argc, argv and envp as the kernel passed them; `environ` == envp). Its
// return value is the process's exit status. (The library cannot call
// main: C++ forbids calling main from the program.)
extern "C" int NolibcMain(int argc, char** argv, char** envp);

#endif  // RUNTIME_NOLIBC_NOLIBC_H_

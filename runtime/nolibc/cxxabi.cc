// The Itanium C++ ABI's run-time calls a -fno-exceptions program still
// makes: static-local guards, destructor registration, pure virtual calls,
// and __dso_handle (crtbegin.o's, which -nostdlib leaves out).
#include <cxxabi.h>

#include "runtime/nolibc/abi.h"
#include "runtime/nolibc/internal.h"

// Names this module for __cxa_atexit; its value is never used.
void* __dso_handle = &__dso_handle;

namespace __cxxabiv1 {

// Destructors of static objects are never run (the program ends with
// exit_group or exec): nothing to record.
extern "C" int __cxa_atexit(void (*)(void*), void*, void*) noexcept { return 0; }

// A function-local static's guard: its first byte is non-zero once the
// object is initialised (Itanium C++ ABI 3.3.2). One thread: no lock, no
// waiting; 1 tells the caller to initialise it now.
extern "C" int __cxa_guard_acquire(__guard* guard) {
  return *reinterpret_cast<char*>(guard) == 0 ? 1 : 0;
}

extern "C" void __cxa_guard_release(__guard* guard) noexcept {
  *reinterpret_cast<char*>(guard) = 1;
}

// Initialisation did not complete: the next pass tries again.
extern "C" void __cxa_guard_abort(__guard*) noexcept {}

extern "C" void __cxa_pure_virtual() { nsinit::nolibc::Die("pure virtual method called"); }

}  // namespace __cxxabiv1

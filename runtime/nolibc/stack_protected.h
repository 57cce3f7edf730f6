// Functions compiled with -fstack-protector-all: their frames hold the
// canary the compiler reads at %fs:0x28, checked before they return. The
// self-test calls them to show the canary is set up (and checked).
#ifndef RUNTIME_NOLIBC_STACK_PROTECTED_H_
#define RUNTIME_NOLIBC_STACK_PROTECTED_H_

#include <stddef.h>

namespace nsinit::nolibc_checks {

// Copies `s` into a stack buffer and returns the sum of its bytes.
long SumThroughStackBuffer(const char* s);

// Writes `n` bytes into a 16-byte stack buffer: past 16 it overwrites the
// canary, and the function dies in __stack_chk_fail instead of returning.
long OverflowStackBuffer(size_t n);

// The canary (%fs:0x28) and the thread pointer's self-pointer check (%fs:0
// holds its own address).
unsigned long ReadCanary();
bool ThreadPointerPointsToItself();

}  // namespace nsinit::nolibc_checks

#endif  // RUNTIME_NOLIBC_STACK_PROTECTED_H_

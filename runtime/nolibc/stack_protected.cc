#include "runtime/nolibc/stack_protected.h"

#include <stdint.h>

namespace nsinit::nolibc_checks {

long SumThroughStackBuffer(const char* s) {
  char buf[64];
  size_t n = 0;
  for (; s[n] != '\0' && n < sizeof(buf); ++n) buf[n] = s[n];
  long sum = 0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<unsigned char>(buf[i]);
  return sum;
}

long OverflowStackBuffer(size_t n) {
  char buf[16];
  volatile char* p = buf;  // a plain loop, not a (fortified) memset
  for (size_t i = 0; i < n; ++i) p[i] = 'x';
  return p[0];
}

unsigned long ReadCanary() {
  unsigned long canary;
  asm volatile("mov %%fs:0x28, %0" : "=r"(canary));
  return canary;
}

bool ThreadPointerPointsToItself() {
  uintptr_t self;
  asm volatile("mov %%fs:0, %0" : "=r"(self));
  return self != 0 && *reinterpret_cast<uintptr_t*>(self) == self;
}

}  // namespace nsinit::nolibc_checks

// The run-time support: the allocator (malloc family, operator new and
// delete), static TLS, function-local statics, the thread pointer's canary,
// and the compiler's helper routines (libgcc).
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <initializer_list>
#include <new>

#include "runtime/nolibc/checks.h"
#include "runtime/nolibc/stack_protected.h"

namespace nsinit::nolibc_checks {
namespace {

bool Aligned(const void* p, size_t align) { return reinterpret_cast<uintptr_t>(p) % align == 0; }

char Pattern(size_t i, size_t seed) { return static_cast<char>(i * 31 + seed); }

bool HoldsPattern(const char* p, size_t n, size_t seed) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != Pattern(i, seed)) return false;
  }
  return true;
}

void Fill(char* p, size_t n, size_t seed) {
  for (size_t i = 0; i < n; ++i) p[i] = Pattern(i, seed);
}

constexpr size_t kSizes[] = {
    0,       1,      2,      7,       8,
    15,      16,     17,     31,      32,
    33,      64,     100,    1000,    4095,
    4096,    4097,   65536,  65537,   262143,
    524287,  524288, 524289, 1 << 20, (1 << 20) + 1,
    2 << 20,
};

// Every size from 1 byte to 2 MiB: aligned to 16, usable to its end, and
// still intact once all are allocated (no two overlap).
void Malloc(const Report& r) {
  char* blocks[sizeof(kSizes) / sizeof(kSizes[0])];
  for (size_t i = 0; i < sizeof(kSizes) / sizeof(kSizes[0]); ++i) {
    blocks[i] = static_cast<char*>(malloc(kSizes[i]));
    r.Check("malloc")
        .Int(static_cast<long>(kSizes[i]))
        .Int(blocks[i] != nullptr)
        .Int(Aligned(blocks[i], 16));
    Fill(blocks[i], kSizes[i], i);
  }
  bool intact = true;
  for (size_t i = 0; i < sizeof(kSizes) / sizeof(kSizes[0]); ++i) {
    intact = intact && HoldsPattern(blocks[i], kSizes[i], i);
    free(blocks[i]);
  }
  r.Check("malloc intact").Int(intact);
  free(nullptr);
  if (kUnderAddressSanitizer) {
    r.Check("malloc huge").Skipped();
    return;
  }
  errno = 0;
  void* huge = malloc(Opaque(SIZE_MAX));
  r.Check("malloc huge").Int(huge == nullptr).Int(errno);
}

void Calloc(const Report& r) {
  auto* zeros = static_cast<unsigned char*>(calloc(1000, 4));
  bool all_zero = true;
  for (size_t i = 0; i < 4000; ++i) all_zero = all_zero && zeros[i] == 0;
  r.Check("calloc").Int(zeros != nullptr).Int(all_zero).Int(Aligned(zeros, 16));
  free(zeros);
  if (kUnderAddressSanitizer) {
    r.Check("calloc overflow").Skipped();
    return;
  }
  errno = 0;
  void* overflow = calloc(Opaque(SIZE_MAX / 2), 3);
  r.Check("calloc overflow").Int(overflow == nullptr).Int(errno);
}

void Realloc(const Report& r) {
  auto* p = static_cast<char*>(realloc(nullptr, 10));
  Fill(p, 10, 1);
  p = static_cast<char*>(realloc(p, 5));  // shrinking keeps the start
  r.Check("realloc shrink").Int(p != nullptr).Int(HoldsPattern(p, 5, 1));
  // Growing step by step (in place in nolibc when it is the last block),
  // then past a region, keeps the content.
  bool kept = true;
  size_t size = 5;
  for (size_t next : {size_t{100}, size_t{1000}, size_t{5000}, size_t{300000}, size_t{3 << 20}}) {
    p = static_cast<char*>(realloc(p, next));
    kept = kept && p != nullptr && HoldsPattern(p, size, 1) && Aligned(p, 16);
    Fill(p, next, 1);
    size = next;
  }
  r.Check("realloc grow").Int(kept);
  // A block that is not the last one moves.
  auto* q = static_cast<char*>(malloc(64));
  Fill(q, 64, 2);
  void* other = malloc(16);
  q = static_cast<char*>(realloc(q, 4096));
  r.Check("realloc move").Int(q != nullptr).Int(HoldsPattern(q, 64, 2));
  r.Check("realloc zero").Int(realloc(q, 0) == nullptr);
  free(other);
  free(p);
}

void AlignedAlloc(const Report& r) {
  for (size_t align : {size_t{8}, size_t{16}, size_t{64}, size_t{4096}, size_t{65536}}) {
    void* p = aligned_alloc(align, 3 * align);  // C11 wants a multiple (ASan checks)
    r.Check("aligned_alloc").Int(static_cast<long>(align)).Int(p != nullptr).Int(Aligned(p, align));
    free(p);
  }
  void* p = aligned_alloc(4096, 3 << 20);  // its own mapping
  r.Check("aligned_alloc big").Int(p != nullptr).Int(Aligned(p, 4096));
  free(p);
  for (size_t align : {size_t{0}, size_t{3}, size_t{4}, size_t{8}, size_t{24}, size_t{256}}) {
    bool valid = align >= 8 && (align & (align - 1)) == 0;
    if (!valid && kUnderAddressSanitizer) {
      r.Check("posix_memalign").Skipped();
      continue;
    }
    void* out = nullptr;
    int ret = posix_memalign(&out, align, 10);
    r.Check("posix_memalign")
        .Int(static_cast<long>(align))
        .Int(ret)
        .Int(Aligned(out, align ? align : 1));
    free(out);
  }
}

struct alignas(256) Overaligned {
  char c[3];
};

void New(const Report& r) {
  int* ints = new int[100];
  for (int i = 0; i < 100; ++i) ints[i] = i;
  long* one = new long(7);
  r.Check("new").Int(ints[99]).Int(*one).Int(Aligned(ints, 16));
  delete[] ints;
  delete one;
  auto* over = new Overaligned;
  auto* over_array = new Overaligned[3];
  r.Check("new aligned").Int(Aligned(over, 256)).Int(Aligned(over_array, 256));
  delete over;
  delete[] over_array;
  void* small = operator new[](10, std::nothrow);
  void* sized = operator new(24);
  r.Check("new nothrow").Int(small != nullptr).Int(sized != nullptr);
  operator delete[](small, std::nothrow);
  operator delete(sized);
  if (kUnderAddressSanitizer) {
    r.Check("new nothrow huge").Skipped();
    return;
  }
  void* huge = operator new(SIZE_MAX / 2, std::nothrow);
  void* huge_aligned = operator new (SIZE_MAX / 2, std::align_val_t{64}, std::nothrow);
  r.Check("new nothrow huge").Int(huge == nullptr).Int(huge_aligned == nullptr);
}

thread_local int tls_data = 42;
thread_local int tls_zero;
alignas(64) thread_local char tls_aligned[64] = "aligned";

void ThreadLocal(const Report& r) {
  r.Check("tls").Int(tls_data).Int(tls_zero).Str(tls_aligned).Int(Aligned(tls_aligned, 64));
  ++tls_data;
  tls_zero += 5;
  r.Check("tls written").Int(tls_data).Int(tls_zero);
}

int g_initialisations = 0;

int InitialiseOnce() { return ++g_initialisations * 10; }

// A function-local static with a dynamic initialiser: its guard goes
// through __cxa_guard_acquire/release.
int Guarded() {
  static int value = InitialiseOnce();
  return value;
}

void Statics(const Report& r) {
  int first = Guarded();
  int second = Guarded();
  r.Check("static local").Int(first).Int(second).Int(g_initialisations);
}

// The canary: set, with its lowest byte zero (a string copy stops there);
// %fs:0 points to itself; a stack-protected function returns normally.
void ThreadPointer(const Report& r) {
  unsigned long canary = ReadCanary();
  r.Check("canary").Int(canary != 0).Int(static_cast<long>(canary & 0xff));
  r.Check("thread pointer").Int(ThreadPointerPointsToItself());
  r.Check("stack protected").Int(SumThroughStackBuffer("nolibc"));
}

// Without -mpopcnt GCC calls libgcc's __popcountdi2 for a popcount, and
// 128-bit division is __udivti3/__divti3 everywhere: nolibc links -lgcc.
void CompilerHelpers(const Report& r) {
  unsigned long bits = Opaque(0xf0f0f0f0f0f0f0f0UL);
  unsigned __int128 wide = static_cast<unsigned __int128>(Opaque(~0UL)) << 64 | Opaque(12345UL);
  __int128 negative = -static_cast<__int128>(wide / Opaque(3UL));
  r.Check("compiler helpers")
      .Int(__builtin_popcountl(bits))
      .Int(static_cast<long>(wide / Opaque(7UL)))
      .Int(static_cast<long>(negative / Opaque(-5L) >> 32));
}

}  // namespace

void CheckMemory(const Report& r) {
  Malloc(r);
  Calloc(r);
  Realloc(r);
  AlignedAlloc(r);
  New(r);
  ThreadLocal(r);
  Statics(r);
  ThreadPointer(r);
  CompilerHelpers(r);
}

}  // namespace nsinit::nolibc_checks

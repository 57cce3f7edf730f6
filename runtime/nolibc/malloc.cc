// Allocation: malloc and its family, and C++'s operator new and delete, as
// a bump allocator. Blocks are carved in order out of 1 MiB regions mapped
// with mmap (a new region when the current one is full); a request over
// half a region gets a mapping of its own. Every block is 16-byte aligned
// (as glibc's) and preceded by a 16-byte header holding its capacity, which
// realloc needs. free() does nothing: the program runs only until it execs,
// and a bump allocator never touches a page it does not hand out.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <new>

#include "runtime/nolibc/internal.h"

namespace {

using nsinit::nolibc::g_errno;

constexpr size_t kRegionSize = size_t{1} << 20;
constexpr size_t kPageSize = 4096;
constexpr size_t kHeaderSize = 16;
constexpr size_t kMinAlign = 16;
// Larger requests fail with ENOMEM before any size arithmetic can overflow.
constexpr size_t kMaxRequest = PTRDIFF_MAX / 2;

char* g_next = nullptr;  // the current region's first free byte
char* g_end = nullptr;   // and its end

uintptr_t AlignUp(uintptr_t n, size_t align) { return (n + align - 1) & ~(align - 1); }
char* AlignUp(char* p, size_t align) {
  return reinterpret_cast<char*>(AlignUp(reinterpret_cast<uintptr_t>(p), align));
}

size_t& Capacity(void* block) { return *reinterpret_cast<size_t*>(static_cast<char*>(block) - 8); }

char* MapOrNull(size_t size) {
  long ret = nsinit::nolibc::RawSyscall(SYS_mmap, nullptr, size, PROT_READ | PROT_WRITE,
                                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return nsinit::nolibc::IsError(ret) ? nullptr : reinterpret_cast<char*>(ret);
}

// A block of at least `size` bytes at a multiple of `align` (a power of
// two), or null with errno ENOMEM. Its memory is zero: mmap'd pages are,
// and no byte is handed out twice.
void* Allocate(size_t size, size_t align) {
  if (align < kMinAlign) align = kMinAlign;
  if (size > kMaxRequest || align > kMaxRequest) {
    g_errno = ENOMEM;
    return nullptr;
  }
  size = AlignUp(size == 0 ? 1 : size, kMinAlign);
  size_t worst_case = kHeaderSize + (align - kMinAlign) + size;
  char* block;
  if (worst_case > kRegionSize / 2) {
    char* map = MapOrNull(AlignUp(worst_case, kPageSize));
    if (map == nullptr) {
      g_errno = ENOMEM;
      return nullptr;
    }
    block = AlignUp(map + kHeaderSize, align);
  } else {
    block = g_next == nullptr ? nullptr : AlignUp(g_next + kHeaderSize, align);
    if (block == nullptr || block + size > g_end) {
      char* region = MapOrNull(kRegionSize);  // the old region's rest is left unused
      if (region == nullptr) {
        g_errno = ENOMEM;
        return nullptr;
      }
      g_end = region + kRegionSize;
      block = AlignUp(region + kHeaderSize, align);
    }
    g_next = block + size;
  }
  Capacity(block) = size;
  return block;
}

bool IsPowerOfTwo(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

[[noreturn]] void OutOfMemory() { nsinit::nolibc::Die("out of memory"); }

void* NewOrDie(size_t size, size_t align) {
  void* p = Allocate(size, align);
  if (p == nullptr) OutOfMemory();
  return p;
}

}  // namespace

void* malloc(size_t size) { return Allocate(size, kMinAlign); }

void free(void*) {}

void* calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    g_errno = ENOMEM;
    return nullptr;
  }
  return Allocate(total, kMinAlign);  // already zero (see Allocate)
}

// As glibc: realloc(p, 0) frees p and returns null.
void* realloc(void* old, size_t size) {
  if (old == nullptr) return malloc(size);
  if (size == 0) return nullptr;
  size_t capacity = Capacity(old);
  if (size <= capacity) return old;
  // The last block of the current region grows in place (a growing buffer
  // is the common case).
  char* block = static_cast<char*>(old);
  if (block + capacity == g_next && size <= static_cast<size_t>(g_end - block)) {
    size_t grown_size = AlignUp(size, kMinAlign);
    if (grown_size <= static_cast<size_t>(g_end - block)) {
      g_next = block + grown_size;
      Capacity(old) = grown_size;
      return old;
    }
  }
  void* grown = malloc(size);
  if (grown != nullptr) memcpy(grown, old, capacity);
  return grown;
}

void* aligned_alloc(size_t align, size_t size) {
  if (!IsPowerOfTwo(align)) {
    g_errno = EINVAL;
    return nullptr;
  }
  return Allocate(size, align);
}

int posix_memalign(void** out, size_t align, size_t size) {
  if (!IsPowerOfTwo(align) || align % sizeof(void*) != 0) return EINVAL;
  void* p = Allocate(size, align);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

// libstdc++'s std::nothrow, which -nostdlib leaves out.
const std::nothrow_t std::nothrow{};

void* operator new(size_t size) { return NewOrDie(size, kMinAlign); }
void* operator new[](size_t size) { return NewOrDie(size, kMinAlign); }
void* operator new(size_t size, std::align_val_t align) {
  return NewOrDie(size, static_cast<size_t>(align));
}
void* operator new[](size_t size, std::align_val_t align) {
  return NewOrDie(size, static_cast<size_t>(align));
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size, kMinAlign);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size, kMinAlign);
}
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return Allocate(size, static_cast<size_t>(align));
}
void* operator new[](size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return Allocate(size, static_cast<size_t>(align));
}

// Every form of delete is free(): nothing.
void operator delete(void*) noexcept {}
void operator delete[](void*) noexcept {}
void operator delete(void*, size_t) noexcept {}
void operator delete[](void*, size_t) noexcept {}
void operator delete(void*, std::align_val_t) noexcept {}
void operator delete[](void*, std::align_val_t) noexcept {}
void operator delete(void*, size_t, std::align_val_t) noexcept {}
void operator delete[](void*, size_t, std::align_val_t) noexcept {}
void operator delete(void*, const std::nothrow_t&) noexcept {}
void operator delete[](void*, const std::nothrow_t&) noexcept {}
void operator delete(void*, std::align_val_t, const std::nothrow_t&) noexcept {}
void operator delete[](void*, std::align_val_t, const std::nothrow_t&) noexcept {}

// Memory and string functions: <string.h>'s, with glibc's results (for the
// comparisons, their signs). Plain loops: the program's strings are short. The copies use `rep
// movsb`/`rep stosb`, fast on every x86_64 with ERMS (2012 on) and a loop GCC cannot turn back into
// a call to memcpy.
#include <stddef.h>
#include <stdlib.h>

// For C++, glibc's <string.h> declares memchr, memrchr, strchr, strrchr and
// strstr only as const-correct extern "C++" overloads named by asm labels,
// never as the C functions defined here: so this file declares the C
// prototypes itself and includes nothing that includes <string.h>.
extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
int bcmp(const void* a, const void* b, size_t n);
void* memchr(const void* s, int c, size_t n);
void* memrchr(const void* s, int c, size_t n);
size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strcpy(char* dst, const char* src);
char* strncpy(char* dst, const char* src, size_t n);
char* strdup(const char* s);
char* strndup(const char* s, size_t n);
char* strstr(const char* haystack, const char* needle);
size_t strspn(const char* s, const char* accept);
size_t strcspn(const char* s, const char* reject);
}

namespace {

void CopyForward(void* dst, const void* src, size_t n) {
  asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

}  // namespace

void* memcpy(void* dst, const void* src, size_t n) {
  CopyForward(dst, src, n);
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d <= s || d >= s + n) {
    CopyForward(dst, src, n);  // no overlap, or the destination is below
  } else {
    while (n-- > 0) d[n] = s[n];  // overlapping from above: back to front
  }
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  void* p = dst;
  asm volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] - y[i];
  }
  return 0;
}

// clang calls bcmp for a memcmp whose result is only compared with zero.
int bcmp(const void* a, const void* b, size_t n) { return memcmp(a, b, n); }

void* memchr(const void* s, int c, size_t n) {
  auto* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

void* memrchr(const void* s, int c, size_t n) {
  auto* p = static_cast<const unsigned char*>(s);
  while (n-- > 0) {
    if (p[n] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + n);
  }
  return nullptr;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

size_t strnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

// strchr(s, '\0') finds the terminator, as the C standard says.
char* strchr(const char* s, int c) {
  for (;; ++s) {
    if (*s == static_cast<char>(c)) return const_cast<char*>(s);
    if (*s == '\0') return nullptr;
  }
}

char* strrchr(const char* s, int c) {
  const char* found = nullptr;
  for (;; ++s) {
    if (*s == static_cast<char>(c)) found = s;
    if (*s == '\0') return const_cast<char*>(found);
  }
}

int strcmp(const char* a, const char* b) {
  auto* x = reinterpret_cast<const unsigned char*>(a);
  auto* y = reinterpret_cast<const unsigned char*>(b);
  while (*x != '\0' && *x == *y) ++x, ++y;
  return *x - *y;
}

int strncmp(const char* a, const char* b, size_t n) {
  auto* x = reinterpret_cast<const unsigned char*>(a);
  auto* y = reinterpret_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i] || x[i] == '\0') return x[i] - y[i];
  }
  return 0;
}

char* strcpy(char* dst, const char* src) {
  return static_cast<char*>(memcpy(dst, src, strlen(src) + 1));
}

// Copies at most n bytes and pads with NULs to n (no terminator if src is
// n bytes or longer).
char* strncpy(char* dst, const char* src, size_t n) {
  size_t len = strnlen(src, n);
  memcpy(dst, src, len);
  memset(dst + len, 0, n - len);
  return dst;
}

char* strdup(const char* s) { return strndup(s, strlen(s)); }

char* strndup(const char* s, size_t n) {
  size_t len = strnlen(s, n);
  auto* copy = static_cast<char*>(malloc(len + 1));
  if (copy == nullptr) return nullptr;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

char* strstr(const char* haystack, const char* needle) {
  size_t len = strlen(needle);
  for (; *haystack != '\0'; ++haystack) {
    if (strncmp(haystack, needle, len) == 0) return const_cast<char*>(haystack);
  }
  return len == 0 ? const_cast<char*>(haystack) : nullptr;
}

size_t strspn(const char* s, const char* accept) {
  size_t n = 0;
  while (s[n] != '\0' && strchr(accept, s[n]) != nullptr) ++n;
  return n;
}

size_t strcspn(const char* s, const char* reject) {
  size_t n = 0;
  while (s[n] != '\0' && strchr(reject, s[n]) == nullptr) ++n;
  return n;
}

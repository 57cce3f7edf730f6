// strtol, strtoul, strtoll, strtoull: glibc's rules in the "C" locale.
// Leading white space and one sign are skipped; base 0 reads a "0x" prefix
// as hexadecimal and a leading 0 as octal; base 16 accepts "0x" too. With no
// digits the result is 0 and *endptr is the string itself (or, for "0x"
// without hex digits, points at the 'x'). Out of range: ERANGE and the
// nearest limit, with *endptr still after all the digits. A base outside 0
// and 2..36 is EINVAL, *endptr untouched.
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "runtime/nolibc/internal.h"

namespace {

struct Parsed {
  unsigned long magnitude = 0;
  bool negative = false;
  bool overflow = false;
};

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The digit's value in bases up to 36, or 36 for a non-digit.
unsigned DigitValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A' + 10);
  return 36;
}

Parsed Parse(const char* s, char** end, int base) {
  Parsed out;
  if (base < 0 || base == 1 || base > 36) {
    nsinit::nolibc::g_errno = EINVAL;
    return out;
  }
  const char* p = s;
  while (IsSpace(*p)) ++p;
  if (*p == '-' || *p == '+') out.negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      DigitValue(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  const char* digits = p;
  for (unsigned d; (d = DigitValue(*p)) < static_cast<unsigned>(base); ++p) {
    unsigned long next;
    if (__builtin_mul_overflow(out.magnitude, static_cast<unsigned long>(base), &next) ||
        __builtin_add_overflow(next, d, &next)) {
      out.overflow = true;  // keep going: *endptr is after every digit
    } else {
      out.magnitude = next;
    }
  }
  if (end != nullptr) *end = const_cast<char*>(p == digits ? s : p);
  return out;
}

long ToSigned(const Parsed& n) {
  unsigned long limit = n.negative ? 0UL - static_cast<unsigned long>(LONG_MIN) : LONG_MAX;
  if (n.overflow || n.magnitude > limit) {
    nsinit::nolibc::g_errno = ERANGE;
    return n.negative ? LONG_MIN : LONG_MAX;
  }
  return static_cast<long>(n.negative ? 0UL - n.magnitude : n.magnitude);
}

// As C says: a '-' negates the value in the unsigned type.
unsigned long ToUnsigned(const Parsed& n) {
  if (n.overflow) {
    nsinit::nolibc::g_errno = ERANGE;
    return ULONG_MAX;
  }
  return n.negative ? 0UL - n.magnitude : n.magnitude;
}

}  // namespace

long strtol(const char* s, char** end, int base) { return ToSigned(Parse(s, end, base)); }
long long strtoll(const char* s, char** end, int base) { return ToSigned(Parse(s, end, base)); }
unsigned long strtoul(const char* s, char** end, int base) {
  return ToUnsigned(Parse(s, end, base));
}
unsigned long long strtoull(const char* s, char** end, int base) {
  return ToUnsigned(Parse(s, end, base));
}

// Called where <stdlib.h>'s inline versions are not used (-Os, -O0). Under
// other names with the C symbols as asm labels: <stdlib.h> may hold those
// inline (gnu_inline) definitions itself, which clang will not see
// defined twice.
int Atoi(const char* s) asm("atoi");
long Atol(const char* s) asm("atol");
long long Atoll(const char* s) asm("atoll");
int Atoi(const char* s) { return static_cast<int>(strtol(s, nullptr, 10)); }
long Atol(const char* s) { return strtol(s, nullptr, 10); }
long long Atoll(const char* s) { return strtoll(s, nullptr, 10); }

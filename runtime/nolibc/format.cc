// snprintf and vsnprintf with C99's contract (the return value is the
// length the whole output would have; the buffer, if size > 0, always ends
// in a NUL) and glibc's output for everything but floating point:
//   flags - + space # 0 (and ' and I, which change nothing in the "C" locale),
//   width and precision, either as digits or '*',
//   lengths hh h l ll q L j z Z t,
//   conversions d i u o x X c s p m %.
// %e %f %g %a (any case) consume their double (long double with L) and
// print '?'. %n writes nothing. Positional arguments (%1$d) are not
// supported. %lc and %ls print ASCII as is and '?' for anything else.
// An unknown conversion is copied out as written, as glibc does; a format
// ending inside a conversion ("abc%", "%5") is EINVAL and -1, as in glibc.
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "runtime/nolibc/internal.h"

namespace {

// Where the output goes: the first size-1 bytes into the buffer, the rest
// only counted.
class Output {
 public:
  Output(char* buf, size_t size) : buf_(buf), size_(size) {}

  void Put(char c) {
    if (len_ + 1 < size_) buf_[len_] = c;
    ++len_;
  }
  void Put(const char* s, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(s[i]);
  }
  void Pad(char c, long n) {
    for (; n > 0; --n) Put(c);
  }
  size_t Finish() {
    if (size_ > 0) buf_[len_ < size_ ? len_ : size_ - 1] = '\0';
    return len_;
  }

 private:
  char* buf_;
  size_t size_;
  size_t len_ = 0;
};

enum class Length { kInt, kChar, kShort, kLong, kLongLong, kLongDouble, kIntMax, kSize, kPtrdiff };

struct Spec {
  bool left = false;   // '-'
  bool plus = false;   // '+'
  bool space = false;  // ' '
  bool alt = false;    // '#'
  bool zero = false;   // '0'
  long width = 0;
  long precision = -1;  // -1: none given
  Length length = Length::kInt;
};

// Fetches the integer argument of `length`, converted as C's rules say
// (hh and h: the promoted int cut back to char or short).
uintmax_t UnsignedArg(Length length, va_list& ap) {
  switch (length) {
    case Length::kChar:
      return static_cast<unsigned char>(va_arg(ap, unsigned int));
    case Length::kShort:
      return static_cast<unsigned short>(va_arg(ap, unsigned int));
    case Length::kLong:
    case Length::kLongLong:
    case Length::kIntMax:
    case Length::kSize:
    case Length::kPtrdiff:
    case Length::kLongDouble:  // %Ld: glibc reads it as long long
      return va_arg(ap, unsigned long);
    case Length::kInt:
      break;
  }
  return va_arg(ap, unsigned int);
}

intmax_t SignedArg(Length length, va_list& ap) {
  switch (length) {
    case Length::kChar:
      return static_cast<signed char>(va_arg(ap, int));
    case Length::kShort:
      return static_cast<short>(va_arg(ap, int));
    case Length::kInt:
      return va_arg(ap, int);
    default:
      return va_arg(ap, long);
  }
}

// An integer as glibc's vfprintf lays it out: [sign or 0x][zeros][digits],
// padded to the width with spaces (left or right) or, for the '0' flag
// without a precision, with zeros after the sign.
void FormatInteger(Output& out, const Spec& spec, uintmax_t value, bool negative, char sign_flag,
                   unsigned base, bool upper) {
  const char* digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  bool nonzero = value != 0;
  char digits[32];  // backwards; 64 bits are at most 22 octal digits
  int n = 0;
  // Precision 0 and value 0: no digits (but "%#.0o" is "0").
  if (!(spec.precision == 0 && value == 0)) {
    do {
      digits[n++] = digit_chars[value % base];
      value /= base;
    } while (value != 0);
  }
  long precision = spec.precision < 0 ? 1 : spec.precision;
  if (base == 8 && spec.alt && (n == 0 || (nonzero && precision <= n))) digits[n++] = '0';
  long zeros = precision > n ? precision - n : 0;
  char sign = negative ? '-' : sign_flag;
  bool hex_prefix = base == 16 && spec.alt && nonzero;
  long body = (sign != 0 ? 1 : 0) + (hex_prefix ? 2 : 0) + zeros + n;
  long padding = spec.width > body ? spec.width - body : 0;
  bool zero_pad = spec.zero && !spec.left && spec.precision < 0;
  if (!spec.left && !zero_pad) out.Pad(' ', padding);
  if (sign != 0) out.Put(sign);
  if (hex_prefix) {
    out.Put('0');
    out.Put(upper ? 'X' : 'x');
  }
  out.Pad('0', zeros + (zero_pad ? padding : 0));
  while (n > 0) out.Put(digits[--n]);
  if (spec.left) out.Pad(' ', padding);
}

// A string cut to the precision and padded to the width (never with zeros).
void FormatString(Output& out, const Spec& spec, const char* s, size_t len) {
  if (spec.precision >= 0 && static_cast<size_t>(spec.precision) < len) {
    len = static_cast<size_t>(spec.precision);
  }
  long padding = spec.width > static_cast<long>(len) ? spec.width - static_cast<long>(len) : 0;
  if (!spec.left) out.Pad(' ', padding);
  out.Put(s, len);
  if (spec.left) out.Pad(' ', padding);
}

char Ascii(wint_t c) { return c < 0x80 ? static_cast<char>(c) : '?'; }

// %ls: no locale, so ASCII only (and at most 256 characters).
void FormatWideString(Output& out, const Spec& spec, const wchar_t* w) {
  if (w == nullptr) return FormatString(out, spec, "(null)", 6);
  char narrow[256];
  size_t len = 0;
  for (; w[len] != 0 && len < sizeof(narrow); ++len)
    narrow[len] = Ascii(static_cast<wint_t>(w[len]));
  FormatString(out, spec, narrow, len);
}

void FormatCString(Output& out, const Spec& spec, const char* s) {
  if (s == nullptr) {
    // glibc prints "(null)" unless the precision is too short for it.
    s = spec.precision < 0 || spec.precision >= 6 ? "(null)" : "";
  }
  // strnlen: with a precision the array need not be NUL-terminated.
  size_t len = spec.precision < 0 ? strlen(s) : strnlen(s, static_cast<size_t>(spec.precision));
  FormatString(out, spec, s, len);
}

// Reads a decimal number or '*' (an int argument) at p.
long ReadCount(const char*& p, va_list& ap) {
  if (*p == '*') {
    ++p;
    return va_arg(ap, int);
  }
  long n = 0;
  while (*p >= '0' && *p <= '9') {
    if (n < 0x7fffffff / 10) n = n * 10 + (*p - '0');
    ++p;
  }
  return n;
}

// Formats one conversion starting after its '%'; returns where it ends,
// or null if the format ends inside it.
const char* FormatOne(Output& out, const char* p, va_list& ap) {
  const char* start = p - 1;
  Spec spec;
  for (;; ++p) {
    if (*p == '-') {
      spec.left = true;
    } else if (*p == '+') {
      spec.plus = true;
    } else if (*p == ' ') {
      spec.space = true;
    } else if (*p == '#') {
      spec.alt = true;
    } else if (*p == '0') {
      spec.zero = true;
    } else if (*p != '\'' && *p != 'I') {
      break;
    }
  }
  spec.width = ReadCount(p, ap);
  if (spec.width < 0) {  // "*" with a negative argument: '-' and its absolute value
    spec.left = true;
    spec.width = -spec.width;
  }
  if (*p == '.') {
    ++p;
    spec.precision = ReadCount(p, ap);
    if (spec.precision < 0) spec.precision = -1;  // negative: as if omitted
  }
  for (bool more = true; more;) {
    switch (*p) {
      case 'h':
        spec.length = spec.length == Length::kShort ? Length::kChar : Length::kShort;
        break;
      case 'l':
        spec.length = spec.length == Length::kLong ? Length::kLongLong : Length::kLong;
        break;
      case 'q':
      case 'L':
        spec.length = *p == 'L' ? Length::kLongDouble : Length::kLongLong;
        break;
      case 'j':
        spec.length = Length::kIntMax;
        break;
      case 'z':
      case 'Z':
        spec.length = Length::kSize;
        break;
      case 't':
        spec.length = Length::kPtrdiff;
        break;
      default:
        more = false;
        continue;
    }
    ++p;
  }
  // Only the signed conversions show '+' or ' ' ('+' wins).
  char sign_flag = spec.plus ? '+' : spec.space ? ' ' : 0;
  switch (char conversion = *p++) {
    case 'd':
    case 'i': {
      intmax_t v = SignedArg(spec.length, ap);
      uintmax_t magnitude = v < 0 ? 0 - static_cast<uintmax_t>(v) : static_cast<uintmax_t>(v);
      FormatInteger(out, spec, magnitude, v < 0, sign_flag, 10, false);
      break;
    }
    case 'u':
      FormatInteger(out, spec, UnsignedArg(spec.length, ap), false, 0, 10, false);
      break;
    case 'o':
      FormatInteger(out, spec, UnsignedArg(spec.length, ap), false, 0, 8, false);
      break;
    case 'x':
    case 'X':
      FormatInteger(out, spec, UnsignedArg(spec.length, ap), false, 0, 16, conversion == 'X');
      break;
    case 'p': {
      // glibc: %#lx, keeping '+' and ' '; a null pointer is "(nil)".
      auto v = reinterpret_cast<uintptr_t>(va_arg(ap, void*));
      if (v == 0) {
        spec.precision = spec.precision >= 0 && spec.precision < 5 ? 5 : spec.precision;
        FormatString(out, spec, "(nil)", 5);
      } else {
        spec.alt = true;
        FormatInteger(out, spec, v, false, sign_flag, 16, false);
      }
      break;
    }
    case 'c':
    case 'C': {
      bool wide = conversion == 'C' || spec.length == Length::kLong;
      char c = wide ? Ascii(va_arg(ap, wint_t)) : static_cast<char>(va_arg(ap, int));
      FormatString(out, spec, &c, 1);
      break;
    }
    case 's':
    case 'S':
      if (conversion == 'S' || spec.length == Length::kLong) {
        FormatWideString(out, spec, va_arg(ap, const wchar_t*));
      } else {
        FormatCString(out, spec, va_arg(ap, const char*));
      }
      break;
    case 'm': {
      const char* s = strerror(nsinit::nolibc::g_errno);
      FormatString(out, spec, s, strlen(s));
      break;
    }
    case '%':
      out.Put('%');
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      // No floating point: take the argument so the next ones line up.
      if (spec.length == Length::kLongDouble) {
        (void)va_arg(ap, long double);
      } else {
        (void)va_arg(ap, double);
      }
      out.Put('?');
      break;
    case 'n':
      (void)va_arg(ap, void*);
      break;
    case '\0':
      return nullptr;
    default:
      out.Put(start, static_cast<size_t>(p - start));
      break;
  }
  return p;
}

}  // namespace

int vsnprintf(char* buf, size_t size, const char* format, va_list ap) {
  Output out(buf, size);
  va_list args;
  va_copy(args, ap);
  int error = 0;
  for (const char* p = format; error == 0 && *p != '\0';) {
    if (*p != '%') {
      out.Put(*p++);
    } else if ((p = FormatOne(out, p + 1, args)) == nullptr) {
      error = EINVAL;
    }
  }
  va_end(args);
  size_t len = out.Finish();
  if (error == 0 && len > 0x7fffffff) error = EOVERFLOW;
  if (error != 0) {
    nsinit::nolibc::g_errno = error;
    return -1;
  }
  return static_cast<int>(len);
}

int snprintf(char* buf, size_t size, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(buf, size, format, ap);
  va_end(ap);
  return n;
}

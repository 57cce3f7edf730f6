// snprintf and vsnprintf: flags, widths, precisions, lengths and
// conversions, truncation, and the arguments after an unsupported one.
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

#include "runtime/nolibc/checks.h"

namespace nsinit::nolibc_checks {
namespace {

// Formats through vsnprintf into a 128-byte buffer. Not declared with
// __attribute__((format)): some formats here are invalid on purpose.
void Case(const Report& r, const char* format, ...) {
  char buf[128];
  memset(buf, 'X', sizeof(buf));
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(buf, sizeof(buf), format, ap);
  va_end(ap);
  r.Check("vsnprintf").Str(format).Int(n).Str(buf).Int(errno);
}

void Integers(const Report& r) {
  Case(r, "%d|%i|%d", 42, -42, 0);
  Case(r, "%d|%d", INT_MIN, INT_MAX);
  Case(r, "%5d|%-5d|%05d|%-05d|", 42, 42, -42, -42);
  Case(r, "%+d|% d|%+d|% d|% +d|", 5, 5, -5, -5, 5);
  Case(r, "%.3d|%8.3d|%-8.3d|%08.3d|%+.3d|", 7, -7, -7, 7, 7);
  Case(r, "%.0d|%5.0d|%+.0d|% .0d|%.0u|%.0x|", 0, 0, 0, 0, 0u, 0u);
  Case(r, "%u|%u", 0u, 4294967295u);
  Case(r, "%o|%#o|%#o|%#.3o|%#5o|%#.0o|%.0o|", 8u, 8u, 0u, 8u, 8u, 0u, 0u);
  Case(r, "%x|%X|%#x|%#X|%#x|%#.0x|", 255u, 255u, 255u, 255u, 0u, 0u);
  Case(r, "%#08x|%-#8x|%#8.4x|%08X|", 255u, 255u, 255u, 0xabcu);
  Case(r, "%+u|% u|%+x|% o|", 5u, 5u, 5u, 5u);  // sign flags: signed conversions only
  Case(r, "%hhd|%hhu|%hhx|%hhd|", 300, 300, -1, 128);
  Case(r, "%hd|%hu|%hx|", 70000, -1, 0x12345);
  Case(r, "%ld|%lu|%lx|", LONG_MIN, ULONG_MAX, 0xdeadbeefcafeUL);
  Case(r, "%lld|%llu|%llo|", LLONG_MIN, ULLONG_MAX, 01234567ULL);
  Case(r, "%zu|%zd|%zx|%Zu|", static_cast<size_t>(-1), static_cast<ssize_t>(-1), size_t{4096},
       size_t{7});
  Case(r, "%jd|%ju|%td|%tu|", INTMAX_MIN, UINTMAX_MAX, static_cast<ptrdiff_t>(-12345),
       static_cast<ptrdiff_t>(12345));
  Case(r, "%qd|%Ld|%qu|", 5LL, -6LL, 7ULL);
  Case(r, "%'d|%Id|%'5d|", 1234567, 5, 42);
}

void WidthsAndStrings(const Report& r) {
  Case(r, "%*d|%-*d|%*d|%0*d|", 6, 1, 6, 2, -6, 3, 4, 4);
  Case(r, "%.*d|%.*d|%*.*x|%-*.*d|", 4, 5, -1, 6, 8, 4, 0xabcu, -7, 3, 9);
  Case(r, "%c%c%c|%c|", 'a', 'b', 0x163, 0);
  Case(r, "%5c|%-5c|%05c|", 'x', 'y', 'z');
  Case(r, "%s|%s|", "hello", "");
  Case(r, "%10s|%-10s|%.2s|%10.2s|%.0s|%.10s|", "abc", "abc", "abc", "abc", "abc", "abc");
  Case(r, "%05s|%-05s|%*s|%-*s|", "ab", "ab", 4, "c", 4, "d");
  const char* null = nullptr;
  Case(r, "%s|%.3s|%.5s|%.6s|%10s|%-8s|%.7s|", null, null, null, null, null, null, null);
  Case(r, "%lc|%ls|%5ls|%.2ls|%C|%S|", static_cast<wint_t>('w'), L"wide", L"ab", L"wide",
       static_cast<wint_t>('C'), L"S");
  Case(r, "%s", "\x01\x7f\xff tab\t nl\n");
}

void Pointers(const Report& r) {
  void* p = reinterpret_cast<void*>(uintptr_t{0x1234});
  void* null = nullptr;
  Case(r, "%p|%p|", p, null);
  Case(r, "%+p|% p|%10p|%-10p|%010p|%.8p|%#p|", p, p, p, p, p, p, p);
  Case(r, "%10p|%-10p|%.3p|%.8p|%+p|%010p|", null, null, null, null, null, null);
}

void OddFormats(const Report& r) {
  Case(r, "%%|%5%|%-5%|%%%d", 1);
  Case(r, "%y|%5y|%-3k|%d", 2);  // unknown conversions are copied out
  Case(r, "end%");
  errno = 0;
  Case(r, "%5");
  errno = 0;
  Case(r, "%-5.3l");
  errno = 0;
  Case(r, "no conversions");
  Case(r, "");
  errno = ENOENT;
  Case(r, "%m|%20m|", 0);
  errno = 0;
}

// Floating point prints '?' in nolibc: the test expects that, not glibc's
// digits, for the "float" line; the arguments after each must line up.
void Floats(const Report& r) {
  char buf[128];
  int n = snprintf(buf, sizeof(buf), "%f|%d|%e|%d|%Lg|%d|%a|%d|%E|%F|%G|%A|%d", 1.5, 1, 2.5, 2,
                   3.5L, 3, 4.5, 4, 5.5, 6.5, 7.5, 8.5, 9);
  r.Check("float").Int(n).Str(buf);
  // The integers alone are the same in both.
  char* fields[16];
  size_t count = 0;
  for (char* p = buf; count < 16;) {
    fields[count++] = p;
    char* bar = strchr(p, '|');
    if (bar == nullptr) break;
    *bar = '\0';
    p = bar + 1;
  }
  r.Check("float arguments")
      .Str(fields[1])
      .Str(fields[3])
      .Str(fields[5])
      .Str(fields[7])
      .Str(fields[count - 1]);
}

// C99's contract: the return value is the full length; the buffer holds
// what fits and always a NUL (when size > 0).
void Truncation(const Report& r) {
  char buf[16];
  memset(buf, 'X', sizeof(buf));
  int n = snprintf(buf, 5, Opaque("%s"), "hello world");
  r.Check("snprintf size 5").Int(n).Bytes(buf, 8);
  memset(buf, 'X', sizeof(buf));
  n = snprintf(buf, 1, Opaque("%s"), "abc");
  r.Check("snprintf size 1").Int(n).Bytes(buf, 3);
  memset(buf, 'X', sizeof(buf));
  n = snprintf(buf, 0, Opaque("abc%d"), 12345);
  r.Check("snprintf size 0").Int(n).Bytes(buf, 3);
  n = snprintf(Opaque<char*>(nullptr), 0, Opaque("%d|%s"), -12345, "abc");
  r.Check("snprintf null").Int(n);
  memset(buf, 'X', sizeof(buf));
  n = snprintf(buf, 3, Opaque("%5d"), 42);
  r.Check("snprintf padded").Int(n).Bytes(buf, 4);
  memset(buf, 'X', sizeof(buf));
  n = snprintf(buf, sizeof(buf), Opaque("%.20d"), 7);
  r.Check("snprintf zeros").Int(n).Bytes(buf, sizeof(buf));
  char big[128];
  n = snprintf(big, sizeof(big), Opaque("%600d|%s"), 5, "tail");
  r.Check("snprintf 600").Int(n).Int(static_cast<long>(strlen(big))).Str(big + 120);
}

}  // namespace

void CheckFormat(const Report& r) {
  errno = 0;  // success leaves it alone; a bad format sets it
  Integers(r);
  WidthsAndStrings(r);
  Pointers(r);
  OddFormats(r);
  Floats(r);
  Truncation(r);
}

}  // namespace nsinit::nolibc_checks

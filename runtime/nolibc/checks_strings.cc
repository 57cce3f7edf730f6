// Memory and string functions, the strtol family, and the error strings.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <initializer_list>

#include "runtime/nolibc/checks.h"

namespace nsinit::nolibc_checks {
namespace {

long Sign(long v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

// An offset into `base`, or -1 for null.
long Offset(const void* p, const void* base) {
  return p == nullptr ? -1 : static_cast<const char*>(p) - static_cast<const char*>(base);
}

void Memory(const Report& r) {
  char buf[16];
  memcpy(buf, "0123456789", 11);
  void* ret = memmove(buf + 2, buf, 5);  // overlapping, destination above
  r.Check("memmove up").Str(buf).Int(ret == buf + 2);
  memcpy(buf, "0123456789", 11);
  memmove(buf, buf + 3, 5);  // overlapping, destination below
  r.Check("memmove down").Str(buf);
  memcpy(buf, "0123456789", 11);
  memmove(buf + 1, buf, 0);
  memmove(buf + 4, buf + 4, 3);
  r.Check("memmove none").Str(buf);
  // Large copies, at odd offsets.
  static char a[70001], b[70001];
  for (size_t i = 0; i < sizeof(a); ++i) a[i] = static_cast<char>(i * 7 + i / 256);
  ret = memcpy(b + 3, a + 1, 69990);
  r.Check("memcpy large").Int(ret == b + 3).Int(memcmp(b + 3, a + 1, 69990) == 0).Int(b[2] == 0);
  memmove(a + 1000, a, 60000);
  r.Check("memmove large").Int(memcmp(a + 1001, b + 3, 59999) == 0);  // b + 3 is old a + 1
  ret = memset(b + 1, 0x141, 65536);                                  // the int is cut to a byte
  bool all = true;
  for (size_t i = 1; i <= 65536; ++i) all = all && b[i] == 0x41;
  r.Check("memset").Int(ret == b + 1).Int(all).Int(b[0]).Int(b[65537] == a[65535]);

  r.Check("memcmp")
      .Int(Sign(memcmp("abc", "abd", 3)))
      .Int(Sign(memcmp("abd", "abc", 3)))
      .Int(memcmp("abc", "abc", 3))
      .Int(Sign(memcmp("\xff", "\x01", 1)))
      .Int(memcmp("a", "b", 0));
  // Only zero or not: bcmp's sign is unspecified.
  r.Check("bcmp")
      .Int(bcmp("abc", "abd", 3) != 0)
      .Int(bcmp("abc", "abc", 3) != 0)
      .Int(bcmp("a", "b", 0) != 0);
  const char* s = "hello, world";
  r.Check("memchr")
      .Int(Offset(memchr(s, 'o', 12), s))
      .Int(Offset(memchr(s, 'z', 12), s))
      .Int(Offset(memchr(s, 'o' + 256, 12), s))
      .Int(Offset(memchr(s, 'w', 5), s))
      .Int(Offset(memchr(s, '\0', 13), s));
  r.Check("memrchr")
      .Int(Offset(memrchr(s, 'o', 12), s))
      .Int(Offset(memrchr(s, 'z', 12), s))
      .Int(Offset(memrchr(s, 'h', 12), s))
      .Int(Offset(memrchr(s, 'o', 0), s));
}

void Strings(const Report& r) {
  const char* s = "hello, world";
  r.Check("strlen").Int(static_cast<long>(strlen(s))).Int(static_cast<long>(strlen("")));
  r.Check("strnlen")
      .Int(static_cast<long>(strnlen(s, 3)))
      .Int(static_cast<long>(strnlen(s, 100)))
      .Int(static_cast<long>(strnlen(s, 0)));
  r.Check("strchr")
      .Int(Offset(strchr(s, 'l'), s))
      .Int(Offset(strchr(s, 'z'), s))
      .Int(Offset(strchr(s, '\0'), s))
      .Int(Offset(strchr(s, 'l' + 256), s));
  r.Check("strrchr")
      .Int(Offset(strrchr(s, 'l'), s))
      .Int(Offset(strrchr(s, 'z'), s))
      .Int(Offset(strrchr(s, '\0'), s))
      .Int(Offset(strrchr(s, 'h'), s));
  r.Check("strcmp")
      .Int(Sign(strcmp("abc", "abd")))
      .Int(Sign(strcmp("abc", "ab")))
      .Int(Sign(strcmp("ab", "abc")))
      .Int(strcmp("", ""))
      .Int(Sign(strcmp("\x80", "a")))
      .Int(strcmp("same", "same"));
  r.Check("strncmp")
      .Int(strncmp("abcx", "abcy", 3))
      .Int(Sign(strncmp("abcx", "abcy", 4)))
      .Int(strncmp("ab", "ab", 10))
      .Int(Sign(strncmp("ab", "abc", 10)))
      .Int(strncmp("x", "y", 0))
      .Int(Sign(strncmp("\xff", "a", 1)));

  char buf[12];
  memset(buf, 'X', sizeof(buf));
  char* ret = strcpy(buf, "copy");
  r.Check("strcpy").Int(ret == buf).Bytes(buf, 6);
  memset(buf, 'X', sizeof(buf));
  ret = strncpy(buf, "ab", 6);  // pads with NULs to 6
  r.Check("strncpy pad").Int(ret == buf).Bytes(buf, 8);
  memset(buf, 'X', sizeof(buf));
  strncpy(buf, Opaque("abcdefgh"), 4);  // no terminator
  r.Check("strncpy cut").Bytes(buf, 6);

  char* dup = strdup(s);
  r.Check("strdup").Str(dup).Int(dup != s);
  char* ndup = strndup(s, 5);
  char* ndup_long = strndup("ab", 10);
  r.Check("strndup").Str(ndup).Str(ndup_long).Int(static_cast<long>(strlen(ndup_long)));
  free(dup);
  free(ndup);
  free(ndup_long);

  r.Check("strstr")
      .Int(Offset(strstr(s, "world"), s))
      .Int(Offset(strstr(s, "o"), s))
      .Int(Offset(strstr(s, ""), s))
      .Int(Offset(strstr(s, "worlds"), s))
      .Int(strstr("", "") != nullptr)
      .Int(Offset(strstr(s, "lo, w"), s));
  r.Check("strspn")
      .Int(static_cast<long>(strspn(s, "hel")))
      .Int(static_cast<long>(strspn(s, "")))
      .Int(static_cast<long>(strspn(s, "abcdefghijklmnopqrstuvwxyz, ")));
  r.Check("strcspn")
      .Int(static_cast<long>(strcspn(s, ", ")))
      .Int(static_cast<long>(strcspn(s, "")))
      .Int(static_cast<long>(strcspn(s, "xyz")));
}

struct Number {
  const char* text;
  int base;
};

constexpr Number kNumbers[] = {
    {"0", 10},
    {"123", 10},
    {"-123", 10},
    {"+42", 0},
    {" \t\n\v\f\r42xyz", 10},
    {"0x1f", 16},
    {"0X1F", 0},
    {"0x", 16},
    {"0x", 0},
    {"0xg", 16},
    {"-0x10", 0},
    {"1f", 16},
    {"077", 0},
    {"08", 0},
    {"077", 10},
    {"z", 36},
    {"Zz", 36},
    {"1010", 2},
    {"102", 2},
    {"0b101", 0},
    {"", 10},
    {"   ", 10},
    {"-", 10},
    {"+ 1", 10},
    {"--1", 10},
    {"9223372036854775807", 10},
    {"9223372036854775808", 10},
    {"-9223372036854775808", 10},
    {"-9223372036854775809", 10},
    {"18446744073709551615", 10},
    {"18446744073709551616", 10},
    {"-1", 10},
    {"-18446744073709551615", 10},
    {"99999999999999999999999abc", 0},
    {"0xffffffffffffffffff", 16},
    {"12", 1},
    {"12", 37},
    {"12", -1},
};

void Numbers(const Report& r) {
  for (const Number& n : kNumbers) {
    bool valid_base = n.base == 0 || (n.base >= 2 && n.base <= 36);
    if (!valid_base && kUnderAddressSanitizer) {
      for (const char* name : {"strtol", "strtoul", "strtoll", "strtoull"}) r.Check(name).Skipped();
      continue;
    }
    char untouched = 0;
    char* end = &untouched;  // an offset of -1000 says: endptr not written
    auto offset = [&] { return end == &untouched ? -1000 : end - n.text; };
    errno = 0;
    long l = strtol(n.text, &end, n.base);
    r.Check("strtol").Str(n.text).Int(n.base).Int(l).Int(offset()).Int(errno);
    end = &untouched;
    errno = 0;
    unsigned long ul = strtoul(n.text, &end, n.base);
    r.Check("strtoul").Str(n.text).Int(n.base).Int(static_cast<long>(ul)).Int(offset()).Int(errno);
    end = &untouched;
    errno = 0;
    long long ll = strtoll(n.text, &end, n.base);
    r.Check("strtoll").Str(n.text).Int(n.base).Int(ll).Int(offset()).Int(errno);
    end = &untouched;
    errno = 0;
    unsigned long long ull = strtoull(n.text, &end, n.base);
    r.Check("strtoull")
        .Str(n.text)
        .Int(n.base)
        .Int(static_cast<long>(ull))
        .Int(offset())
        .Int(errno);
  }
  errno = 0;
  r.Check("strtol null end").Int(strtol("  -77z", nullptr, 10)).Int(errno);
  // Through pointers: the out-of-line functions, not <stdlib.h>'s inlines.
  int (*volatile to_int)(const char*) = atoi;
  long (*volatile to_long)(const char*) = atol;
  long long (*volatile to_long_long)(const char*) = atoll;
  for (const char* text : {"42", "  -17x", "", "9999999999", "+0"}) {
    r.Check("atoi").Str(text).Int(to_int(text)).Int(to_long(text)).Int(to_long_long(text));
  }
}

// CMSG_NXTHDR's out-of-line half, on a buffer of two headers and a third
// that would run past its end.
void ControlMessages(const Report& r) {
  alignas(struct cmsghdr) unsigned char buf[CMSG_SPACE(8) + CMSG_SPACE(4) + 8] = {};
  struct msghdr msg = {};
  msg.msg_control = buf;
  msg.msg_controllen = sizeof(buf);
  auto* first = reinterpret_cast<struct cmsghdr*>(buf);
  first->cmsg_len = CMSG_LEN(8);
  auto* second = reinterpret_cast<struct cmsghdr*>(buf + CMSG_SPACE(8));
  second->cmsg_len = CMSG_LEN(4);
  struct cmsghdr* (*volatile next)(struct msghdr*, struct cmsghdr*) = __cmsg_nxthdr;
  auto offset = [&](struct cmsghdr* c) {
    return c == nullptr ? -1L : static_cast<long>(reinterpret_cast<unsigned char*>(c) - buf);
  };
  r.Check("cmsg_nxthdr").Int(offset(next(&msg, first))).Int(offset(next(&msg, second)));
  first->cmsg_len = 1;  // shorter than a header: no next one
  r.Check("cmsg_nxthdr short").Int(offset(next(&msg, first)));
}

void ErrorStrings(const Report& r) {
  for (int e = -2; e <= 140; ++e) {
    r.Check("strerror").Int(e).Str(strerrorname_np(e)).Str(strerrordesc_np(e)).Str(strerror(e));
  }
  for (int e : {199, 200, 1000, -1000, 2147483647, -2147483647 - 1}) {
    r.Check("strerror").Int(e).Str(strerrorname_np(e)).Str(strerrordesc_np(e)).Str(strerror(e));
  }
}

}  // namespace

void CheckStrings(const Report& r) {
  Memory(r);
  Strings(r);
  Numbers(r);
  ControlMessages(r);
  ErrorStrings(r);
}

}  // namespace nsinit::nolibc_checks

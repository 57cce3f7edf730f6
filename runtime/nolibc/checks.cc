#include "runtime/nolibc/checks.h"

#include <string.h>
#include <unistd.h>

namespace nsinit::nolibc_checks {

Line::Line(Sink sink, void* context, const char* scratch, const char* name)
    : sink_(sink), context_(context), scratch_(scratch) {
  Append(name, strlen(name));
  Append(":", 1);
}

Line::~Line() {
  Append("\n", 1);
  sink_(context_, buf_, len_);
}

void Line::Append(const char* s, size_t n) {
  // Keep room for the '\n': a longer line is cut (and then differs).
  for (size_t i = 0; i < n && len_ + 1 < sizeof(buf_); ++i) buf_[len_++] = s[i];
}

void Line::Separate() { Append(" ", 1); }

void Line::AppendInt(long v) {
  char digits[24];
  size_t n = 0;
  unsigned long magnitude = v < 0 ? 0UL - static_cast<unsigned long>(v) : v;
  do {
    digits[sizeof(digits) - ++n] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (v < 0) digits[sizeof(digits) - ++n] = '-';
  Append(digits + sizeof(digits) - n, n);
}

Line& Line::Int(long v) {
  Separate();
  AppendInt(v);
  return *this;
}

Line& Line::Word(const char* s) {
  Separate();
  Append(s, strlen(s));
  return *this;
}

Line& Line::Skipped() { return Word("skipped"); }

Line& Line::Str(const char* s) {
  if (s == nullptr) return Word("NULL");
  return Bytes(s, strlen(s));
}

Line& Line::Bytes(const char* s, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  Separate();
  Append("\"", 1);
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      char escaped[2] = {'\\', static_cast<char>(c)};
      Append(escaped, 2);
    } else if (c < 0x20 || c > 0x7e) {
      char escaped[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      Append(escaped, 4);
    } else {
      Append(s + i, 1);
    }
  }
  Append("\"", 1);
  return *this;
}

Line& Line::Path(const char* s) {
  if (s == nullptr) return Word("NULL");
  size_t prefix = strlen(scratch_);
  if (strncmp(s, scratch_, prefix) == 0 && (s[prefix] == '\0' || s[prefix] == '/')) {
    Separate();
    Append("$S", 2);
    Append(s + prefix, strlen(s + prefix));
    return *this;
  }
  return Str(s);
}

Line& Line::Result(long ret, int saved_errno) {
  Separate();
  Append("ret=", 4);
  AppendInt(ret);
  if (ret == -1) {
    Append(" errno=", 7);
    AppendInt(saved_errno);
  }
  return *this;
}

void RunChecks(const Report& r, char** envp) {
  r.Check("environ is envp").Int(::environ == envp);
  CheckFormat(r);
  CheckStrings(r);
  CheckMemory(r);
  CheckSystem(r);
  CheckRealpath(r);
  CheckFortify(r);
}

}  // namespace nsinit::nolibc_checks

// The checks behind nolibc_test: calls into every function family nolibc
// provides, each reported as one line "name: value...". The same code is
// linked twice, into the self-test with nolibc and into the test with glibc;
// the test runs both on identical scratch directories and wants the same
// lines. A value that cannot be equal in two processes (a pid, a time, an
// address) is reported as a property of it ("increasing: 1").
//
// The checks use no libstdc++ run time and no stdio (the self-test has
// neither), and format their lines themselves, not with the snprintf under
// test.
#ifndef RUNTIME_NOLIBC_CHECKS_H_
#define RUNTIME_NOLIBC_CHECKS_H_

#include <stddef.h>

namespace nsinit::nolibc_checks {

// Receives each finished line, '\n' included.
using Sink = void (*)(void* context, const char* line, size_t len);

// One line: Report::Check(name) starts it, each call appends a value (after
// a space), the destructor sends it.
class Line {
 public:
  Line(Sink sink, void* context, const char* scratch, const char* name);
  ~Line();
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;

  Line& Int(long v);
  Line& Word(const char* s);  // as is (a name, a constant)
  // Quoted, with every byte outside printable ASCII, '"' and '\' escaped.
  Line& Str(const char* s);
  Line& Bytes(const char* s, size_t n);
  // A path, with the scratch directory's prefix written as "$S".
  Line& Path(const char* s);
  // For a check the glibc side cannot make (see kUnderAddressSanitizer):
  // "skipped", which the test does not compare.
  Line& Skipped();
  // The result of a call that returns -1 and sets errno on failure:
  // "ret=N", or "ret=-1 errno=N".
  Line& Result(long ret, int saved_errno);

 private:
  void Append(const char* s, size_t n);
  void AppendInt(long v);
  void Separate();

  Sink sink_;
  void* context_;
  const char* scratch_;
  char buf_[4096];
  size_t len_ = 0;
};

// Under --config=asan the test's (glibc) side runs with AddressSanitizer,
// whose allocator aborts on a failing allocation or an invalid alignment
// instead of returning null, and whose strtol sets *endptr for an invalid
// base: those checks are skipped there. The self-test is never sanitized.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
inline constexpr bool kUnderAddressSanitizer = __has_feature(address_sanitizer);
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

class Report {
 public:
  // `scratch` is the canonical path of the scratch directory.
  Report(Sink sink, void* context, const char* scratch)
      : sink_(sink), context_(context), scratch_(scratch) {}
  Line Check(const char* name) const { return Line(sink_, context_, scratch_, name); }
  const char* scratch() const { return scratch_; }

 private:
  Sink sink_;
  void* context_;
  const char* scratch_;
};

// `value`, hidden from the compiler: it then neither folds the call nor
// warns about what a check does on purpose (truncate, fail to allocate).
template <typename T>
T Opaque(T value) {
  volatile T v = value;
  return v;
}

// Runs every family below, in this order. `scratch` is a canonical
// directory the test prepared (nolibc_test.cc's PrepareScratch); the
// checks chdir into it and back. `envp` is what main received.
void RunChecks(const Report& r, char** envp);

void CheckFormat(const Report& r);    // snprintf, vsnprintf
void CheckStrings(const Report& r);   // mem*, str*, strtol family, strerror*
void CheckMemory(const Report& r);    // malloc family, new/delete, TLS, canary
void CheckSystem(const Report& r);    // files, fds, signals, time, ids, errors
void CheckRealpath(const Report& r);  // realpath, getcwd
void CheckFortify(const Report& r);   // the _FORTIFY_SOURCE entry points

}  // namespace nsinit::nolibc_checks

#endif  // RUNTIME_NOLIBC_CHECKS_H_

// strerror, strerrorname_np, strerrordesc_np: glibc's strings, from the
// table generated out of glibc itself (errno_table.h). The "C" locale's
// messages: nothing is translated.
#include <stdio.h>
#include <string.h>

#include "runtime/nolibc/errno_table.h"

namespace {

bool IsKnown(int e) {
  return e >= 0 && e < nsinit::nolibc::kErrnoCount && nsinit::nolibc::kErrnoNames[e] != nullptr;
}

}  // namespace

const char* strerrorname_np(int e) { return IsKnown(e) ? nsinit::nolibc::kErrnoNames[e] : nullptr; }

const char* strerrordesc_np(int e) {
  return IsKnown(e) ? nsinit::nolibc::kErrnoDescriptions[e] : nullptr;
}

// An unknown number is "Unknown error N", in a static buffer (as glibc's,
// which is per thread; there is one thread).
char* strerror(int e) {
  if (IsKnown(e)) return const_cast<char*>(nsinit::nolibc::kErrnoDescriptions[e]);
  static char unknown[32];
  snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
  return unknown;
}

#include "runtime/base/errno_status.h"

#include <errno.h>
#include <string.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace nsinit {

absl::string_view ErrnoName(int err) {
  // strerrorname_np is glibc >= 2.32 (bookworm has 2.36).
  const char* name = strerrorname_np(err);
  return name != nullptr ? name : "errno";
}

absl::Status ErrnoStatus(int err, absl::string_view what) {
  const char* name = strerrorname_np(err);
  const char* text = strerrordesc_np(err);
  std::string message = name != nullptr ? absl::StrCat(what, ": ", name, ": ", text ? text : "")
                                        : absl::StrCat(what, ": errno ", err, ": unknown error");
  return absl::Status(absl::ErrnoToStatusCode(err), message);
}

absl::Status LastErrnoStatus(absl::string_view what) { return ErrnoStatus(errno, what); }

}  // namespace nsinit

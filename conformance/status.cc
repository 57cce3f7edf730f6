#include "conformance/status.h"

#include <string.h>

#include "absl/strings/str_cat.h"

namespace nsinit::conformance {

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

absl::Status ErrnoStatus(int err, absl::string_view what) {
  const char* name = strerrorname_np(err);
  // ErrnoToStatus only for the code: its message would repeat strerror.
  return absl::Status(
      absl::ErrnoToStatus(err, "").code(),
      absl::StrCat(what, ": ", name != nullptr ? name : absl::StrCat("errno ", err), " (",
                   strerrordesc_np(err) != nullptr ? strerrordesc_np(err) : "unknown", ")"));
}

}  // namespace nsinit::conformance

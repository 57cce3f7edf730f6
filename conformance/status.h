// The suite's own small status helpers: RETURN_IF_ERROR and
// ASSIGN_OR_RETURN (Debian's abseil has none), Annotate, and ErrnoStatus.
//
// The suite keeps its own rather than using runtime/base, so that the judge
// shares no code with the runtime it judges (issue 18). A file that also
// includes the runtime's macros (only the library adapter may) gets
// whichever was defined first; both expand to the same thing.
#ifndef NSINIT_CONFORMANCE_STATUS_H_
#define NSINIT_CONFORMANCE_STATUS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#define CONFORM_STATUS_CONCAT_INNER_(a, b) a##b
#define CONFORM_STATUS_CONCAT_(a, b) CONFORM_STATUS_CONCAT_INNER_(a, b)

#ifndef RETURN_IF_ERROR
#define RETURN_IF_ERROR(expr)                                             \
  do {                                                                    \
    if (::absl::Status _conform_status = (expr); !_conform_status.ok()) { \
      return _conform_status;                                             \
    }                                                                     \
  } while (0)
#endif

#ifndef ASSIGN_OR_RETURN
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  CONFORM_ASSIGN_OR_RETURN_IMPL_(CONFORM_STATUS_CONCAT_(_conform_statusor_, __LINE__), lhs, rexpr)
#define CONFORM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = *std::move(statusor)
#endif

namespace nsinit::conformance {

// `status` with "context: " in front of its message (OK stays OK).
absl::Status Annotate(const absl::Status& status, absl::string_view context);

// "what: ENOENT (No such file or directory)", with abseil's code for `err`.
absl::Status ErrnoStatus(int err, absl::string_view what);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_STATUS_H_

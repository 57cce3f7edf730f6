// Status propagation macros under abseil's names.
//
// Debian's abseil (20220623) ships absl::Status but neither RETURN_IF_ERROR
// nor ASSIGN_OR_RETURN; these small local versions keep abseil's spelling so
// they can be swapped for the upstream ones later without touching callers.
#ifndef NSINIT_RUNTIME_BASE_STATUS_MACROS_H_
#define NSINIT_RUNTIME_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#define NSINIT_STATUS_CONCAT_INNER_(a, b) a##b
#define NSINIT_STATUS_CONCAT_(a, b) NSINIT_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                                                \
  do {                                                                                       \
    if (::absl::Status _nsinit_status = (expr); !_nsinit_status.ok()) return _nsinit_status; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F())` declares x from the value of F(), or
// returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  NSINIT_ASSIGN_OR_RETURN_IMPL_(NSINIT_STATUS_CONCAT_(_nsinit_statusor_, __LINE__), lhs, rexpr)

#define NSINIT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                  \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

namespace nsinit {

// Returns `status` with `context: ` put before its message; OK stays OK.
// Used to add context on the way up: "applying mount 3 (/proc): mount ...".
absl::Status Annotate(const absl::Status& status, absl::string_view context);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_STATUS_MACROS_H_

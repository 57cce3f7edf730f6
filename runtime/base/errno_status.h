// Statuses for failed system calls.
//
// A failed syscall is reported with the call and its arguments, then the
// errno by name and text: "mount proc on /r/proc (MS_NOSUID|MS_NODEV):
// EPERM: Operation not permitted". The errno's symbolic name is what people
// search for, so it is always spelled out.
#ifndef NSINIT_RUNTIME_BASE_ERRNO_STATUS_H_
#define NSINIT_RUNTIME_BASE_ERRNO_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nsinit {

// "EPERM", "ENOENT", ...; "errno 4095" for values without a name.
absl::string_view ErrnoName(int err);

// A status whose code follows `err` (absl::ErrnoToStatusCode) and whose
// message is "<what>: <ENAME>: <strerror>".
absl::Status ErrnoStatus(int err, absl::string_view what);

// Reads the errno of the failing call; call right after it.
absl::Status LastErrnoStatus(absl::string_view what);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_ERRNO_STATUS_H_

// Signal names as the CLI accepts them: "TERM", "SIGTERM", "15", "term".
#ifndef NSINIT_RUNTIME_LINUX_SIGNALS_H_
#define NSINIT_RUNTIME_LINUX_SIGNALS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::sys {

absl::StatusOr<int> ParseSignal(absl::string_view text);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_SIGNALS_H_

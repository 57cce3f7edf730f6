#include "runtime/linux/signals.h"

#include <signal.h>
#include <string.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace nsinit::sys {

absl::StatusOr<int> ParseSignal(absl::string_view text) {
  int number;
  if (absl::SimpleAtoi(text, &number)) {
    if (number > 0 && number < NSIG) return number;
    return absl::InvalidArgumentError(absl::StrCat("invalid signal number ", text));
  }
  std::string name = absl::AsciiStrToUpper(text);
  if (absl::string_view(name).substr(0, 3) == "SIG") name = name.substr(3);
  for (int sig = 1; sig < NSIG; ++sig) {
    const char* abbrev = sigabbrev_np(sig);  // glibc >= 2.32
    if (abbrev != nullptr && name == abbrev) return sig;
  }
  if (absl::string_view(name).substr(0, 5) == "RTMIN" ||
      absl::string_view(name).substr(0, 5) == "RTMAX") {
    int offset = 0;
    absl::string_view rest = absl::string_view(name).substr(5);
    if (rest.empty() || (rest.size() > 1 && absl::SimpleAtoi(rest.substr(1), &offset))) {
      int sig = name[4] == 'N' ? SIGRTMIN + (rest.empty() ? 0 : offset)
                               : SIGRTMAX - (rest.empty() ? 0 : offset);
      if (sig >= SIGRTMIN && sig <= SIGRTMAX) return sig;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown signal \"", text, "\""));
}

}  // namespace nsinit::sys

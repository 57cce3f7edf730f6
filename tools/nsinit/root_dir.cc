#include "tools/nsinit/root_dir.h"

#include <errno.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"

namespace nsinit::cli {

absl::Status MakeRootWhole(const std::string& root) {
  if (root.empty()) return absl::InvalidArgumentError("--root: empty path");
  // Usually there already: one stat, not a failing mkdir per component.
  struct stat st;
  if (stat(root.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return absl::OkStatus();
  // Every prefix ending before a '/', then the whole path.
  for (size_t end = root.find('/', 1);; end = root.find('/', end + 1)) {
    std::string prefix = root.substr(0, end);
    if (!prefix.empty() && prefix.back() != '/') {
      if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
        return LastErrnoStatus(absl::StrCat("--root: mkdir ", prefix, " 0700"));
      }
    }
    if (end == std::string::npos) break;
  }
  if (stat(root.c_str(), &st) != 0) return LastErrnoStatus(absl::StrCat("--root: stat ", root));
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat("--root: ", root, " is not a directory"));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::cli

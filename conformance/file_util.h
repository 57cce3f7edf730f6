// Small file helpers the conformance engine shares: whole-file reads and
// writes, and directory listings, with errors that name the path and errno.
#ifndef NSINIT_CONFORMANCE_FILE_UTIL_H_
#define NSINIT_CONFORMANCE_FILE_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::conformance {

absl::StatusOr<std::string> ReadFileToString(const std::string& path);
absl::Status WriteStringToFile(const std::string& path, absl::string_view data);
// Names of the entries of `dir` (no "." or ".."), sorted.
absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir);
bool PathExists(const std::string& path);
bool IsDirectory(const std::string& path);
// rm -r of `path` without crossing into other filesystems; best effort.
void RemoveTree(const std::string& path);
// mkdir -p with mode 0755.
absl::Status MakeDirs(const std::string& path);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_FILE_UTIL_H_

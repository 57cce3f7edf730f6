#include "runtime/cgroups/files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::cgroups {

std::string JoinPath(absl::string_view dir, absl::string_view file) {
  return absl::StrCat(dir, "/", file);
}

bool FileExists(absl::string_view dir, absl::string_view file) {
  return access(JoinPath(dir, file).c_str(), F_OK) == 0;
}

absl::Status WriteCgroupFile(absl::string_view dir, absl::string_view file,
                             absl::string_view value) {
  std::string path = JoinPath(dir, file);
  // O_TRUNC as a shell redirection does: cgroupfs ignores it, a fixture file
  // then holds just the last value.
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("write \"", value, "\" to ", path, ": open"));
  ssize_t n;
  do {
    n = write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return LastErrnoStatus(absl::StrCat("write \"", value, "\" to ", path));
  if (static_cast<size_t>(n) != value.size()) {
    return absl::InternalError(
        absl::StrCat("write \"", value, "\" to ", path, ": short write of ", n, " bytes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadCgroupFile(absl::string_view dir, absl::string_view file) {
  return ReadFile(JoinPath(dir, file), kMaxKernelFileBytes);
}

absl::StatusOr<uint64_t> ReadCgroupUint(absl::string_view dir, absl::string_view file) {
  ASSIGN_OR_RETURN(std::string text, ReadCgroupFile(dir, file));
  absl::string_view v = absl::StripAsciiWhitespace(text);
  if (v == "max") return UINT64_MAX;
  uint64_t out;
  if (!absl::SimpleAtoi(v, &out)) {
    // v1 reports "-1" for unlimited in a few files.
    if (v == "-1") return UINT64_MAX;
    return absl::InvalidArgumentError(
        absl::StrCat(JoinPath(dir, file), ": \"", v, "\" is not a number"));
  }
  return out;
}

absl::StatusOr<std::map<std::string, uint64_t>> ReadKeyedFile(absl::string_view dir,
                                                              absl::string_view file) {
  ASSIGN_OR_RETURN(std::string text, ReadCgroupFile(dir, file));
  std::map<std::string, uint64_t> out;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> kv = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (kv.size() != 2) continue;
    uint64_t v;
    if (kv[1] == "max") {
      v = UINT64_MAX;
    } else if (!absl::SimpleAtoi(kv[1], &v)) {
      continue;
    }
    out[std::string(kv[0])] = v;
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ReadWords(absl::string_view dir, absl::string_view file) {
  ASSIGN_OR_RETURN(std::string text, ReadCgroupFile(dir, file));
  return std::vector<std::string>(
      absl::StrSplit(text, absl::ByAnyChar(" \n\t"), absl::SkipEmpty()));
}

absl::StatusOr<bool> MakeCgroupLeaf(const std::string& dir, std::vector<std::string>* created) {
  if (mkdir(dir.c_str(), 0755) == 0) {
    created->push_back(dir);
    return true;
  }
  if (errno == ENOENT || errno == EEXIST) return false;
  return LastErrnoStatus(absl::StrCat("mkdir ", dir));
}

}  // namespace nsinit::cgroups

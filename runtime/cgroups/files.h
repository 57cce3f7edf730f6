// Reading and writing cgroup control files, and making a cgroup directory.
//
// Every cgroup setting is a small text file; every failure names the file,
// the value written and the errno ("write \"100\" to /sys/fs/cgroup/memory/
// x/memory.limit_in_bytes: EINVAL: Invalid argument"), because a bare EINVAL
// from a limit is otherwise impossible to place. Values are written with a
// single write(2): the kernel parses each write as one setting.
#ifndef NSINIT_RUNTIME_CGROUPS_FILES_H_
#define NSINIT_RUNTIME_CGROUPS_FILES_H_

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::cgroups {

// The most read from one kernel file (with nsinit::ReadFile): a
// cgroup.procs of a million pids or a mountinfo of 100,000 mounts fits.
inline constexpr size_t kMaxKernelFileBytes = 64 << 20;

// "<dir>/<file>".
std::string JoinPath(absl::string_view dir, absl::string_view file);

bool FileExists(absl::string_view dir, absl::string_view file);

// Writes `value` to <dir>/<file> (which must exist: cgroupfs never creates).
absl::Status WriteCgroupFile(absl::string_view dir, absl::string_view file,
                             absl::string_view value);

// The whole of <dir>/<file>, up to kMaxKernelFileBytes.
absl::StatusOr<std::string> ReadCgroupFile(absl::string_view dir, absl::string_view file);

// A file holding one number; "max" reads as UINT64_MAX.
absl::StatusOr<uint64_t> ReadCgroupUint(absl::string_view dir, absl::string_view file);

// A flat keyed file ("key value" lines: memory.stat, cpu.stat,
// memory.events, cgroup.events); lines that do not parse are skipped.
absl::StatusOr<std::map<std::string, uint64_t>> ReadKeyedFile(absl::string_view dir,
                                                              absl::string_view file);

// Whitespace-separated words (cgroup.controllers, cgroup.subtree_control).
absl::StatusOr<std::vector<std::string>> ReadWords(absl::string_view dir, absl::string_view file);

// One mkdir of a cgroup directory whose ancestors usually exist (the
// shared /nsinit): true when it made `dir` (appended to `created`), false
// when an ancestor is missing or `dir` exists already, for the caller to
// walk the path level by level instead.
absl::StatusOr<bool> MakeCgroupLeaf(const std::string& dir, std::vector<std::string>* created);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_FILES_H_

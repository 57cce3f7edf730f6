// Whole-file reads with a size cap, and whole-file atomic replacement.
//
// The runtime reads small files that it, the kernel or its caller wrote
// (state.json, the config snapshot, /proc/PID/stat, cgroup control files,
// an --process JSON) and replaces files whole (state files, pid files).
// Both are done here once, so every caller gets the same guarantees:
//
// - A read has a size cap: a file that grew without bound, or /dev/zero
//   given as a path, is an error naming the cap instead of an allocation of
//   any size. The cap is enforced while reading, not taken from fstat:
//   procfs and sysfs report st_size 0.
// - Extra open flags (O_NOFOLLOW for files in directories that others may
//   write) are passed through; O_CLOEXEC is always set, so no fd leaks into
//   a child spawned meanwhile (CVE-2024-21626 was such a leak).
// - A write goes to a fresh temp file in the target's directory (mkostemp:
//   O_CREAT|O_EXCL, so never through a planted symlink), gets exactly the
//   requested mode (fchmod, whatever the umask), and is renamed over the
//   target: readers see the old file or the new, never half, and a failure
//   leaves the old content and no temp file behind.
//
// Errors name the call, the path and errno ("open /run/nsinit/c1/state.json
// (O_NOFOLLOW): ELOOP: Too many levels of symbolic links"); a file over the
// cap is kResourceExhausted naming the cap; a missing file is kNotFound
// (as absl::ErrnoToStatusCode maps ENOENT, and also ENXIO and ENODEV).
#ifndef NSINIT_RUNTIME_BASE_FILE_IO_H_
#define NSINIT_RUNTIME_BASE_FILE_IO_H_

#include <stddef.h>
#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit {

// All of `path`, opened O_RDONLY | O_CLOEXEC | `flags`. `flags` may hold
// O_NOFOLLOW, O_NONBLOCK, O_NOCTTY, O_NOATIME and O_DIRECTORY only (a
// read-only open); anything else is kInvalidArgument. More than `max_bytes`
// bytes is kResourceExhausted.
absl::StatusOr<std::string> ReadFile(absl::string_view path, size_t max_bytes, int flags = 0);

// All of the open `fd` from its current offset to EOF (stdin, a pipe);
// `name` stands for it in errors. More than `max_bytes` bytes is
// kResourceExhausted. Does not close `fd`.
absl::StatusOr<std::string> ReadFd(int fd, size_t max_bytes, absl::string_view name);

// Whether WriteFileAtomic makes the new content survive a host crash.
enum class Durability {
  // rename(2) alone: atomic for every reader, and survives a SIGKILLed
  // writer (the page cache keeps it), but not a power loss. The default:
  // the state files describe containers that die with the host (runc does
  // not sync its state either), and on a disk-backed root an fsync cost
  // 0.3-11 ms per write, three writes per create (bench/).
  kRenameOnly,
  // fsync(2) of the temp file before the rename and of the directory after
  // it, for a file that must outlive the host.
  kFsync,
};

// Replaces `path` with `contents`, mode exactly `mode` (not filtered by the
// umask), through a temp file ".NAME.XXXXXX" in the same directory and
// rename(2). On failure `path` keeps its old content (or stays absent) and
// the temp file is removed. The directory must exist.
absl::Status WriteFileAtomic(absl::string_view path, absl::string_view contents, mode_t mode,
                             Durability durability = Durability::kRenameOnly);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_FILE_IO_H_

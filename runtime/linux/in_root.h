// The one way the runtime, on the host side and as root, reads a file of
// a container's rootfs. The image is hostile until proven otherwise: a
// path in it is resolved inside the root (openat2 RESOLVE_IN_ROOT, so
// ".." and absolute symlinks stay in the rootfs) without magic links
// (/proc/self/fd/N), opened non-blocking (a FIFO cannot hang the runtime),
// must be a regular file (not /dev/zero, a FIFO, a socket or a directory)
// and no larger than a cap (a huge file cannot exhaust memory). The
// container's init resolves its mount targets the same way, making what is
// missing: resolve_in_root.h.
#ifndef NSINIT_RUNTIME_LINUX_IN_ROOT_H_
#define NSINIT_RUNTIME_LINUX_IN_ROOT_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::sys {

// Enough for any real /etc/passwd or /etc/group.
inline constexpr size_t kInRootReadCap = 4 << 20;

// Opens `path` (inside the container: absolute or relative to its root)
// under the host directory `root`, read-only, resolved in the root. Fails
// with kNotFound when it does not exist (a dangling link included),
// kFailedPrecondition when it is not a regular file, and a message naming
// the call, the path and errno otherwise (ELOOP for a link loop).
absl::StatusOr<UniqueFd> OpenRegularInRoot(absl::string_view root, absl::string_view path);

// OpenRegularInRoot, then the whole content; kResourceExhausted when it is
// larger than `cap` bytes.
absl::StatusOr<std::string> ReadFileInRoot(absl::string_view root, absl::string_view path,
                                           size_t cap = kInRootReadCap);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_IN_ROOT_H_

// Host binaries a test rootfs is made from: finding Debian's static
// busybox, checking a binary is static, listing busybox's applets, and
// copying files fast.
//
// A test rootfs has no shared libraries, so everything copied into one must
// be statically linked; a dynamic binary would fail to exec with a
// misleading ENOENT (its ELF interpreter is missing). The check reads the
// ELF program headers for PT_INTERP, which is what file(1) reports as
// "dynamically linked".
#ifndef NSINIT_TOOLS_TESTING_HOST_BINARIES_H_
#define NSINIT_TOOLS_TESTING_HOST_BINARIES_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::testing {

// $NSINIT_BUSYBOX if set, else /bin/busybox; checked to exist and to be
// static. The error names the Debian package busybox-static (installed by
// tools/setup).
absl::StatusOr<std::string> FindBusybox();

// OK when `path` is an ELF executable without an ELF interpreter.
absl::Status CheckStaticElf(absl::string_view path);

// Applet paths relative to the root ("bin/sh", "usr/bin/env", ...) from
// `busybox --list-full`. Cached per busybox path for the process.
absl::StatusOr<std::vector<std::string>> BusyboxApplets(absl::string_view busybox);

// Copies `src` to a new file `name` in directory `dir_fd` with `mode`,
// using copy_file_range(2) (in-kernel, no user-space buffer) and falling
// back to read/write where the filesystem does not support it.
absl::Status CopyFileAt(absl::string_view src, int dir_fd, absl::string_view name, mode_t mode);

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_HOST_BINARIES_H_

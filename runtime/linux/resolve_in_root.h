// The in-root resolver: opens a path of a container's rootfs from an fd of
// that root, making what is missing, the way the init places mount
// targets, device nodes, symlinks and /dev/console before pivot_root.
//
// Every lookup is an openat2(2) from the root's fd with RESOLVE_IN_ROOT |
// RESOLVE_NO_MAGICLINKS: ".." and absolute symlinks resolve as if the
// rootfs were "/", so no symlink of the image can send a mount outside it
// (CVE-2021-30465), and no /proc/self/fd/N magic link is followed. A
// missing path is made one component at a time from its deepest existing
// parent down, each with an *at() call in its parent, itself opened the
// same way. A dangling symlink has what it
// points at made inside the root, as if the kernel had followed it (at
// most 40 of them in a row, the kernel's MAXSYMLINKS; then ELOOP).
//
// Failures are errno values, like those of the calls it makes: the child
// reports (step, errno, path) to the runtime as they are. in_root.h is the
// host side's counterpart for reading a file of a rootfs.
#ifndef NSINIT_RUNTIME_LINUX_RESOLVE_IN_ROOT_H_
#define NSINIT_RUNTIME_LINUX_RESOLVE_IN_ROOT_H_

#include <string>

#include "runtime/base/unique_fd.h"

namespace nsinit::sys {

// What OpenInRoot does when the path does not exist.
enum class IfMissing {
  kFail,             // ENOENT
  kMakeDirectories,  // every missing component a directory (0755 less the umask)
  kMakeFile,         // missing parents directories, the last an empty file (0644 less the umask)
};

// An O_PATH fd of `path` (relative to the root; leading slashes change
// nothing) resolved inside the directory `root_fd`, or an invalid fd with
// errno set: ENOENT (kFail), ELOOP (a symlink loop), ENAMETOOLONG (a
// component longer than NAME_MAX, or a path, a symlink's expansion
// included, of PATH_MAX or more).
UniqueFd OpenInRoot(int root_fd, const std::string& path, IfMissing if_missing);

// The directory holding `path`'s last component (made as directories when
// missing) as an O_PATH fd, enough for *at() calls that create entries,
// and that component in `*name`: the root itself for a path without "/".
// An invalid fd with errno set on failure.
UniqueFd OpenParentInRoot(int root_fd, const std::string& path, std::string* name);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_RESOLVE_IN_ROOT_H_

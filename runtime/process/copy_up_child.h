// tmpcopyup: the copy of an image's directory into the tmpfs mounted over
// it, done by the init before pivot_root.
//
// "tmpcopyup" is runc's and crun's extension to a tmpfs mount (podman's
// --read-only puts it on /tmp, /var/tmp and /run, and --tmpfs/--mount
// type=tmpfs on the volumes it makes): the new tmpfs starts with what the
// image had at its destination instead of empty. The init opens the
// directory before the tmpfs covers it (as crun does; runc copies through a
// scratch mount on the host's /tmp and moves it), mounts the tmpfs, then
// copies the covered directory's entries into the tmpfs's root: regular
// files (their data; holes stay holes, so a sparse file of the image does
// not fill the tmpfs, which is memory, with zeros), directories
// (recursively), symlinks (as links, never followed), device nodes, FIFOs
// and sockets (mknod), each with its owner, mode (set-id bits included)
// and access and modification times. The tmpfs's own root keeps what the
// mount's data gave it (mode=, uid=).
//
// The image is hostile: every entry is reached with *at() calls from the
// directory fds and opened O_NOFOLLOW (a name never leads out of the tree),
// regular files are opened O_NONBLOCK and re-checked after open (a file
// swapped for a FIFO cannot hang the init), and the tree depth is capped.
// Owners are those the container's user namespace shows; an owner it does
// not map fails the copy (EINVAL from fchown), as with crun.
//
// Runs in the init after its re-exec, a single-threaded process of its
// own: allocation is fine (the path being copied is a std::string).
#ifndef NSINIT_RUNTIME_PROCESS_COPY_UP_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_COPY_UP_CHILD_H_

#include <string>

namespace nsinit::process {

// Deepest directory nesting copied; a deeper tree fails with ELOOP.
inline constexpr int kCopyUpMaxDepth = 256;

// Copies every entry of the directory open (O_RDONLY) at `src_dir` into the
// directory open at `dst_dir`, which must not hold any of those names yet.
// Returns 0, or -1 with errno set and the path of the entry that failed
// (relative to `src_dir`) in `*failed`. Takes neither fd.
int CopyTreeInChild(int src_dir, int dst_dir, std::string* failed);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_COPY_UP_CHILD_H_

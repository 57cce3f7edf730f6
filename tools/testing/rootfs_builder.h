// RootfsBuilder: a minimal container root filesystem for tests.
//
// The rootfs is Debian's static busybox at /bin/busybox with a symlink for
// every applet at the path `busybox --list-full` gives (bin/sh,
// usr/bin/env, sbin/ip; all on the OCI default PATH) plus /bin links for
// common ones found elsewhere (env, id, readlink, test, head, ...), the
// directories a runtime mounts over (proc, sys, dev, tmp with mode 1777,
// ...), /etc/passwd and /etc/group with root, `user` 1000:1000 (home
// /home/user) and group `users` 100 holding user, /etc/hostname, plus any
// extra static binaries (e.g. the probe at /probe), files, dirs and
// symlinks the test adds.
//
// Speed: a suite builds hundreds of these, so by default binaries are
// HARDLINKED from a per-process cache copy under $TEST_TMPDIR (falling back
// to copy_file_range when the rootfs is on another filesystem). Hardlinked
// binaries share one inode: treat them as read-only, and do not chown or
// chmod them (e.g. for user-namespace tests); use Sharing::kCopy for a
// rootfs whose binaries a test changes. Files added with AddFile are always
// private to the rootfs.
//
// Paths inside the rootfs are created from a directory fd with O_NOFOLLOW
// at every step, so an entry can never be written outside the rootfs.
#ifndef NSINIT_TOOLS_TESTING_ROOTFS_BUILDER_H_
#define NSINIT_TOOLS_TESTING_ROOTFS_BUILDER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nsinit::testing {

class RootfsBuilder {
 public:
  enum class Sharing {
    kHardlink,  // binaries hardlinked from a cache (default, fast)
    kCopy,      // every binary is a private copy
  };

  RootfsBuilder() = default;

  // Copies (or hardlinks) a STATIC host binary to `path` (absolute, inside
  // the rootfs), mode 0755. Build fails if the binary is dynamic.
  RootfsBuilder& AddBinary(absl::string_view host_path, absl::string_view path);

  // A regular file private to this rootfs; replaces a default /etc file of
  // the same path.
  RootfsBuilder& AddFile(absl::string_view path, absl::string_view contents, mode_t mode = 0644);

  RootfsBuilder& AddDir(absl::string_view path, mode_t mode = 0755);

  RootfsBuilder& AddSymlink(absl::string_view path, absl::string_view target);

  // /etc/hostname contents (default "nsinit-test").
  RootfsBuilder& SetHostname(absl::string_view hostname);

  RootfsBuilder& SetSharing(Sharing sharing);

  // Fills `dir` (created if missing; must be empty or absent).
  absl::Status Build(absl::string_view dir) const;

 private:
  struct Entry {
    enum Kind { kBinary, kFile, kDir, kSymlink } kind;
    std::string path;     // inside the rootfs, absolute
    std::string payload;  // host path, contents or link target
    mode_t mode;
  };

  std::vector<Entry> entries_;
  std::string hostname_ = "nsinit-test";
  Sharing sharing_ = Sharing::kHardlink;
};

// The default /etc/passwd and /etc/group contents.
absl::string_view DefaultEtcPasswd();
absl::string_view DefaultEtcGroup();

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_ROOTFS_BUILDER_H_

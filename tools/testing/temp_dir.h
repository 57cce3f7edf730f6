// TempDir: a fresh directory for one test that leaves nothing behind.
//
// Tests mount things (tmpfs, proc, bind mounts of a rootfs) under their
// directory and may fail before unmounting. On destruction TempDir first
// lazily detaches every mount at or beneath it (umount2(MNT_DETACH), read
// from /proc/self/mountinfo, deepest first), then deletes the tree with
// openat/unlinkat and O_NOFOLLOW: a symlink in the tree is removed, never
// followed, and a directory that is still a mount root is never descended
// into, so cleanup cannot reach outside the directory.
//
// The directory is created under $TEST_TMPDIR (Bazel's per-test scratch
// space) or /tmp, and its path is canonical (realpath), which is how
// mountinfo spells mount points.
#ifndef NSINIT_TOOLS_TESTING_TEMP_DIR_H_
#define NSINIT_TOOLS_TESTING_TEMP_DIR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::testing {

// $TEST_TMPDIR, or /tmp when unset or empty.
std::string TestTmpRoot();

// Lazily detaches every mount whose mount point is `dir` or beneath it.
// `dir` must be canonical. Repeats until none is left (mounts can be
// stacked); fails naming the first mount that would not go.
absl::Status UnmountBeneath(absl::string_view dir);

// Deletes `dir` and everything in it without following symlinks and
// without crossing into mounts. Missing `dir` is OK.
absl::Status RemoveTree(absl::string_view dir);

class TempDir {
 public:
  // Makes "<TestTmpRoot()>/<prefix>.XXXXXX" (mkdtemp, mode 0700).
  static absl::StatusOr<TempDir> Create(absl::string_view prefix = "nsinit");

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Calls Remove(); an error is printed to stderr (destructors cannot
  // return it).
  ~TempDir();

  const std::string& path() const { return path_; }

  // `path()` + "/" + `name`.
  std::string Sub(absl::string_view name) const;

  // Makes nested directories below `path()` (each named by 50 of `fill`)
  // until the path is at least `min_length` bytes long, and returns it: a
  // socket in it has a path past sun_path's 108 bytes, say.
  absl::StatusOr<std::string> MakeDeepDir(size_t min_length, char fill = 'd') const;

  // Unmounts beneath and deletes the tree now; later calls do nothing.
  absl::Status Remove();

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}

  std::string path_;  // empty once removed or moved from
};

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_TEMP_DIR_H_

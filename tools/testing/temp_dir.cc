#include "tools/testing/temp_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/stat.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"
#include "tools/testing/mount_table.h"

namespace nsinit::testing {

using ::nsinit::conformance::ErrnoStatus;
using ::nsinit::conformance::UniqueFd;
namespace {

bool IsAtOrBeneath(absl::string_view path, absl::string_view dir) {
  if (path == dir) return true;
  return path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/';
}

// True when the directory open at `fd` is the root of a mount
// (STATX_ATTR_MOUNT_ROOT, Linux 5.8).
bool IsMountRoot(int fd) {
  struct statx stx;
  if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) != 0) return false;
  return (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
         (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

// Empties the directory open at `dir_fd`; `path` is for messages only.
absl::Status RemoveContents(int dir_fd, const std::string& path) {
  // fdopendir takes ownership of its fd, so give it a duplicate.
  int dup_fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (dup_fd < 0) return ErrnoStatus(errno, absl::StrCat("dup fd of ", path));
  DIR* dir = fdopendir(dup_fd);
  if (dir == nullptr) {
    close(dup_fd);
    return ErrnoStatus(errno, absl::StrCat("fdopendir ", path));
  }
  std::vector<std::pair<std::string, bool>> entries;  // name, is_dir
  while (struct dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      is_dir = fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
    }
    entries.emplace_back(std::move(name), is_dir);
  }
  closedir(dir);
  for (const auto& [name, is_dir] : entries) {
    std::string child = absl::StrCat(path, "/", name);
    if (is_dir) {
      UniqueFd fd(openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!fd) return ErrnoStatus(errno, absl::StrCat("open ", child));
      if (IsMountRoot(fd.get())) {
        return absl::FailedPreconditionError(
            absl::StrCat("not removing ", child, ": it is still a mount point"));
      }
      RETURN_IF_ERROR(RemoveContents(fd.get(), child));
      if (unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0) {
        return ErrnoStatus(errno, absl::StrCat("rmdir ", child));
      }
    } else if (unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT) {
      return ErrnoStatus(errno, absl::StrCat("unlink ", child));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string TestTmpRoot() {
  const char* dir = getenv("TEST_TMPDIR");
  return (dir != nullptr && *dir != '\0') ? dir : "/tmp";
}

absl::Status UnmountBeneath(absl::string_view dir) {
  // Each pass detaches what is visible; a mount stacked on another shows
  // up again in the next pass. Bounded so a mount that cannot go is an
  // error instead of a hang.
  for (int pass = 0; pass < 64; ++pass) {
    ASSIGN_OR_RETURN(std::vector<std::string> points, ReadMountPoints());
    std::vector<std::string> beneath;
    for (std::string& p : points) {
      if (IsAtOrBeneath(p, dir)) beneath.push_back(std::move(p));
    }
    if (beneath.empty()) return absl::OkStatus();
    // Deepest first, so a parent is never detached while a child is looked
    // up by path beneath it.
    std::sort(beneath.begin(), beneath.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& p : beneath) {
      if (umount2(p.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0 && errno != EINVAL &&
          errno != ENOENT) {
        return ErrnoStatus(errno, absl::StrCat("umount2 ", p, " (MNT_DETACH)"));
      }
    }
  }
  return absl::InternalError(absl::StrCat("mounts beneath ", dir, " remain after 64 passes"));
}

absl::Status RemoveTree(absl::string_view dir) {
  std::string path(dir);
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return absl::OkStatus();
    return ErrnoStatus(errno, absl::StrCat("open ", path));
  }
  RETURN_IF_ERROR(RemoveContents(fd.get(), path));
  if (rmdir(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus(errno, absl::StrCat("rmdir ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<TempDir> TempDir::Create(absl::string_view prefix) {
  std::string root = TestTmpRoot();
  char real[PATH_MAX];
  if (realpath(root.c_str(), real) == nullptr) {
    return ErrnoStatus(errno, absl::StrCat("realpath ", root));
  }
  std::string templ = absl::StrCat(real, "/", prefix, ".XXXXXX");
  if (mkdtemp(templ.data()) == nullptr) {
    return ErrnoStatus(errno, absl::StrCat("mkdtemp ", templ));
  }
  return TempDir(std::move(templ));
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, "")) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    if (absl::Status s = Remove(); !s.ok()) {
      fprintf(stderr, "TempDir: %s\n", s.ToString().c_str());
    }
    path_ = std::exchange(other.path_, "");
  }
  return *this;
}

TempDir::~TempDir() {
  if (absl::Status s = Remove(); !s.ok()) {
    fprintf(stderr, "TempDir: %s\n", s.ToString().c_str());
  }
}

std::string TempDir::Sub(absl::string_view name) const { return absl::StrCat(path_, "/", name); }

absl::StatusOr<std::string> TempDir::MakeDeepDir(size_t min_length, char fill) const {
  std::string dir = path_;
  while (dir.size() < min_length) {
    dir = absl::StrCat(dir, "/", std::string(50, fill));
    if (mkdir(dir.c_str(), 0700) != 0) return ErrnoStatus(errno, absl::StrCat("mkdir ", dir));
  }
  return dir;
}

absl::Status TempDir::Remove() {
  if (path_.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(UnmountBeneath(path_));
  RETURN_IF_ERROR(RemoveTree(path_));
  path_.clear();
  return absl::OkStatus();
}

}  // namespace nsinit::testing

#include "runtime/linux/resolve_in_root.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/linux/syscalls.h"

namespace nsinit::sys {
namespace {

constexpr uint64_t kResolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
constexpr int kMaxSymlinks = 40;  // as the kernel's MAXSYMLINKS

UniqueFd OpenPath(int root_fd, const std::string& path) {
  return UniqueFd(Openat2(root_fd, path.c_str(), O_PATH | O_CLOEXEC, 0, kResolve));
}

// RESOLVE_IN_ROOT makes every symlink resolve as if the rootfs were "/", so
// no symlink in the rootfs can send a mount outside it (CVE-2021-30465); a
// symlink to a missing place has that place created inside the root.
// `depth` counts the dangling symlinks followed so far; `suffix` is the
// length of what follows `path` in the path asked for, so that a symlink's
// expansion is measured whole (PATH_MAX) before anything is made.
//
// A missing path is made from its deepest existing parent down: the parent
// is opened (made first, the same way, if it is missing too), the last
// component created in it, and the whole path opened again from the root.
// A target whose parent exists (the usual mount point) costs three lookups,
// however deep it is.
UniqueFd OpenInRootDepth(int root_fd, const std::string& path, IfMissing if_missing, int depth,
                         size_t suffix) {
  UniqueFd fd = OpenPath(root_fd, path);
  if (fd || errno != ENOENT || if_missing == IfMissing::kFail) return fd;
  if (depth > kMaxSymlinks) {
    errno = ELOOP;
    return UniqueFd();
  }

  size_t end = path.find_last_not_of('/');
  if (end == std::string::npos) return UniqueFd(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  size_t slash = path.rfind('/', end);
  size_t begin = slash == std::string::npos ? 0 : slash + 1;
  std::string component = path.substr(begin, end + 1 - begin);
  if (component.size() > NAME_MAX) {
    errno = ENAMETOOLONG;
    return UniqueFd();
  }
  size_t parent_end =
      slash == std::string::npos ? std::string::npos : path.find_last_not_of('/', slash);
  std::string parent_path =
      parent_end == std::string::npos ? std::string() : path.substr(0, parent_end + 1);

  UniqueFd parent = parent_path.empty()
                        ? UniqueFd(fcntl(root_fd, F_DUPFD_CLOEXEC, 0))
                        : OpenInRootDepth(root_fd, parent_path, IfMissing::kMakeDirectories, depth,
                                          suffix + path.size() - parent_end - 1);
  if (!parent) return UniqueFd();
  int rc;
  if (if_missing == IfMissing::kMakeFile) {
    int f = openat(parent.get(), component.c_str(),
                   O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
    rc = f >= 0 ? close(f) : -1;
  } else {
    rc = mkdirat(parent.get(), component.c_str(), 0755);
  }
  if (rc != 0 && errno == EEXIST) {
    // A dangling symlink: create what it points at, inside the root.
    char link[PATH_MAX];
    ssize_t n = readlinkat(parent.get(), component.c_str(), link, sizeof(link) - 1);
    if (n < 0) return UniqueFd();
    link[n] = '\0';
    std::string next;
    if (link[0] != '/' && !parent_path.empty()) next = parent_path + "/";
    next += link;
    if (next.size() + suffix >= PATH_MAX) {
      errno = ENAMETOOLONG;
      return UniqueFd();
    }
    return OpenInRootDepth(root_fd, next, if_missing, depth + 1, suffix);
  }
  if (rc != 0) return UniqueFd();
  return OpenPath(root_fd, path);
}

}  // namespace

UniqueFd OpenInRoot(int root_fd, const std::string& path, IfMissing if_missing) {
  return OpenInRootDepth(root_fd, path, if_missing, 0, 0);
}

UniqueFd OpenParentInRoot(int root_fd, const std::string& path, std::string* name) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    *name = path;
    return UniqueFd(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  }
  *name = path.substr(slash + 1);
  if (slash >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return UniqueFd();
  }
  return OpenInRoot(root_fd, path.substr(0, slash), IfMissing::kMakeDirectories);
}

}  // namespace nsinit::sys

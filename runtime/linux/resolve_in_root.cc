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
// `depth` counts the dangling symlinks followed so far.
UniqueFd OpenInRootDepth(int root_fd, const std::string& path, IfMissing if_missing, int depth) {
  UniqueFd fd = OpenPath(root_fd, path);
  if (fd || errno != ENOENT || if_missing == IfMissing::kFail) return fd;
  if (depth > kMaxSymlinks) {
    errno = ELOOP;
    return UniqueFd();
  }

  // Walk from the root, creating what is missing, one component at a time.
  std::string prefix;
  size_t p = 0;
  while (p < path.size()) {
    p = path.find_first_not_of('/', p);
    if (p == std::string::npos) break;
    size_t end = path.find('/', p);
    if (end == std::string::npos) end = path.size();
    size_t rest = path.find_first_not_of('/', end);
    if (rest == std::string::npos) rest = path.size();
    bool last = rest == path.size();

    std::string component = path.substr(p, end - p);
    if (component.size() > NAME_MAX) {
      errno = ENAMETOOLONG;
      return UniqueFd();
    }
    const std::string parent_path = prefix;
    if (!prefix.empty()) prefix += '/';
    prefix += component;

    UniqueFd cur = OpenPath(root_fd, prefix);
    if (!cur && errno == ENOENT) {
      // Open the parent (already resolved inside the root) and create in it.
      UniqueFd parent(parent_path.empty() ? fcntl(root_fd, F_DUPFD_CLOEXEC, 0)
                                          : Openat2(root_fd, parent_path.c_str(),
                                                    O_PATH | O_DIRECTORY | O_CLOEXEC, 0, kResolve));
      if (!parent) return UniqueFd();
      int rc;
      if (last && if_missing == IfMissing::kMakeFile) {
        int f = openat(parent.get(), component.c_str(),
                       O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        rc = f >= 0 ? close(f) : -1;
      } else {
        rc = mkdirat(parent.get(), component.c_str(), 0755);
      }
      int saved = errno;
      if (rc != 0 && saved == EEXIST) {
        // A dangling symlink: create what it points at, inside the root,
        // then the rest of the path below it.
        char link[PATH_MAX];
        ssize_t n = readlinkat(parent.get(), component.c_str(), link, sizeof(link) - 1);
        parent.reset();
        if (n < 0) return UniqueFd();
        link[n] = '\0';
        std::string next;
        if (link[0] != '/' && !parent_path.empty()) next = parent_path + "/";
        next += link;
        if (rest < path.size()) next.append("/").append(path, rest);
        return OpenInRootDepth(root_fd, next, if_missing, depth + 1);
      }
      parent.reset();
      if (rc != 0) {
        errno = saved;
        return UniqueFd();
      }
      cur = OpenPath(root_fd, prefix);
    }
    if (!cur) return UniqueFd();
    if (last) return cur;
    cur.reset();
    p = rest;
  }
  return UniqueFd(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
}

}  // namespace

UniqueFd OpenInRoot(int root_fd, const std::string& path, IfMissing if_missing) {
  return OpenInRootDepth(root_fd, path, if_missing, 0);
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

// realpath: glibc 2.36's algorithm (gnulib's canonicalize), with its results
// and errors. The path is walked one component at a time: "." is dropped,
// ".." removes the last component, and anything else is appended and asked
// for with readlink. A symlink's target replaces the component (at the root
// if absolute), after which the walk goes on through the target and then the
// rest of the path; more than 40 symlinks is ELOOP. readlink's errors are
// the walk's (ENOENT, ENOTDIR, EACCES) except EINVAL, "not a symlink". A
// trailing slash, "/." or "/.." after a non-symlink asks that it be a
// searchable directory (access), so "file/" is ENOTDIR.
//
// Unlike glibc, paths are limited to PATH_MAX bytes even when `resolved` is
// null (ENAMETOOLONG past it), and the buffers are on the stack.
#include <errno.h>
#include <linux/limits.h>  // PATH_MAX (clang's freestanding <limits.h> lacks it)
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/nolibc/internal.h"

namespace {

using nsinit::nolibc::g_errno;

constexpr int kMaxSymlinks = 40;  // glibc's __eloop_threshold on Linux

// Whether `rest` (empty, or starting with '/') makes the component just
// resolved a directory the walk will not look into itself: a trailing "/",
// a trailing "/." (after any "/."s), or a "/.." (gnulib's
// suffix_requires_dir_check).
bool RestNeedsDirectory(const char* rest) {
  while (*rest == '/') {
    while (*rest == '/') ++rest;
    if (*rest == '\0') return true;
    if (*rest++ != '.') return false;
    if (*rest == '\0') return true;
    if (*rest == '.' && (rest[1] == '\0' || rest[1] == '/')) return true;
  }
  return false;
}

// Drops the last component of the resolved path [out, *end), never the root.
void RemoveLastComponent(char* out, char** end) {
  if (*end > out + 1) {
    for (--*end; *end > out && (*end)[-1] != '/'; --*end) {
    }
  }
}

// Resolves `path` into `out` (PATH_MAX bytes, plus room for "/" on a dir
// check). On failure returns false with errno set, and `out` holds the
// prefix resolved so far.
bool Resolve(const char* path, char* out) {
  char* end = out;  // the resolved path is [out, end)
  *end = '\0';
  if (path[0] == '/') {
    *end++ = '/';
  } else {
    if (getcwd(out, PATH_MAX) == nullptr) return false;
    end = out + strlen(out);
  }
  char pending[PATH_MAX];  // what is left to walk, once a symlink is met
  char target[PATH_MAX];
  int symlinks = 0;
  for (const char* next = path; *next != '\0';) {
    while (*next == '/') ++next;
    const char* component = next;
    while (*next != '\0' && *next != '/') ++next;
    size_t len = static_cast<size_t>(next - component);
    if (len == 0) break;  // trailing slashes
    if (len == 1 && component[0] == '.') continue;
    if (len == 2 && component[0] == '.' && component[1] == '.') {
      RemoveLastComponent(out, &end);
      continue;
    }
    if (end[-1] != '/') *end++ = '/';
    if (static_cast<size_t>(out + PATH_MAX - end) <= len) {
      *end = '\0';
      g_errno = ENAMETOOLONG;
      return false;
    }
    memcpy(end, component, len);
    end += len;
    *end = '\0';
    ssize_t n = readlink(out, target, sizeof(target) - 1);
    if (n < 0) {
      if (RestNeedsDirectory(next)) {
        memcpy(end, "/", 2);  // access() on "dir/" fails unless it is a directory
        bool ok = access(out, F_OK) == 0;
        *end = '\0';
        if (!ok) return false;
      } else if (g_errno != EINVAL) {
        return false;
      }
      continue;
    }
    if (++symlinks > kMaxSymlinks) {
      g_errno = ELOOP;
      return false;
    }
    // The walk continues through target + the rest of the path.
    size_t rest = strlen(next);
    if (static_cast<size_t>(n) + rest >= sizeof(pending)) {
      g_errno = ENAMETOOLONG;
      return false;
    }
    memmove(pending + n, next, rest + 1);  // `next` may point into `pending`
    memcpy(pending, target, static_cast<size_t>(n));
    next = pending;
    if (target[0] == '/') {
      end = out + 1;  // an absolute target restarts at the root
    } else {
      RemoveLastComponent(out, &end);  // a relative one from the link's directory
    }
  }
  if (end > out + 1 && end[-1] == '/') --end;
  *end = '\0';
  return true;
}

}  // namespace

char* realpath(const char* path, char* resolved) {
  if (path == nullptr) {
    g_errno = EINVAL;
    return nullptr;
  }
  if (path[0] == '\0') {
    g_errno = ENOENT;
    return nullptr;
  }
  char out[PATH_MAX + 2];
  if (!Resolve(path, out)) {
    // glibc leaves the resolved prefix in a caller's buffer when the path
    // does not exist or cannot be searched.
    if (resolved != nullptr && (g_errno == ENOENT || g_errno == EACCES)) strcpy(resolved, out);
    return nullptr;
  }
  if (resolved == nullptr) return strdup(out);
  return strcpy(resolved, out);
}

#include "runtime/process/copy_up_child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <utility>

namespace nsinit::process {
namespace {

// The kernel's record for getdents64(2); glibc's wrapper is newer than
// some of the libcs this builds with, so the raw call is used.
struct Dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Where the walk is: the path below the source, for the error.
using Walk = std::string;

// Closes `fd` keeping errno: the failure being reported is the earlier one.
void CloseKeepErrno(int fd) {
  if (fd < 0) return;
  int saved = errno;
  close(fd);
  errno = saved;
}

// Bytes [pos, end) of `in` to the same offsets of `out`: sendfile(2) does
// it in the kernel; a file system that cannot splice (EINVAL) is read and
// written instead. A file that shrank since its fstat ends the range early.
int CopyRange(int in, int out, off_t pos, off_t end) {
  if (lseek(out, pos, SEEK_SET) < 0) return -1;
  while (pos < end) {
    size_t want = end - pos > (1 << 30) ? size_t{1} << 30 : static_cast<size_t>(end - pos);
    ssize_t n = sendfile(out, in, &pos, want);  // advances pos
    if (n > 0) continue;
    if (n == 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    break;
  }
  static char buf[64 << 10];  // the child is single-threaded
  while (pos < end) {
    size_t want =
        end - pos > static_cast<off_t>(sizeof(buf)) ? sizeof(buf) : static_cast<size_t>(end - pos);
    ssize_t n = pread(in, buf, want, pos);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out, buf + done, static_cast<size_t>(n - done));
      if (w < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      done += w;
    }
    pos += n;
  }
  return 0;
}

// The first `size` bytes of `in` into `out` with its holes kept: only the
// data extents (lseek SEEK_DATA/SEEK_HOLE) are copied and the size is set
// with ftruncate, so a sparse file of the image (a terabyte of nothing)
// does not fill the tmpfs, which is memory, with zeros.
int CopyBytes(int in, int out, off_t size) {
  off_t pos = 0;
  while (pos < size) {
    off_t data = lseek(in, pos, SEEK_DATA);
    off_t hole;
    if (data < 0 && errno == ENXIO) break;  // only a hole is left
    if (data < 0 && errno != EINVAL) return -1;
    if (data < 0) {  // no SEEK_DATA here: all of it is data
      data = pos;
      hole = size;
    } else {
      hole = lseek(in, data, SEEK_HOLE);
      if (hole < 0) return -1;
    }
    if (data >= size) break;
    if (hole > size) hole = size;
    if (CopyRange(in, out, data, hole) != 0) return -1;
    pos = hole;
  }
  return ftruncate(out, size);
}

// Owner, then mode (chown clears set-id bits), then times (last: setting
// the others does not change them, but creating entries in a directory
// does) of the open `fd`.
int SetAttributes(int fd, const struct stat& st) {
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  if (fchown(fd, st.st_uid, st.st_gid) != 0) return -1;
  if (fchmod(fd, st.st_mode & 07777) != 0) return -1;
  return futimens(fd, times);
}

// The same, by name in `dst`, for what cannot be opened as a file: a
// symlink (never followed; it has no mode of its own) or a node.
int SetAttributesAt(int dst, const char* name, const struct stat& st, bool mode) {
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  if (fchownat(dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0) return -1;
  if (mode && fchmodat(dst, name, st.st_mode & 07777, 0) != 0) return -1;
  return utimensat(dst, name, times, AT_SYMLINK_NOFOLLOW);
}

int CopyEntries(int src, int dst, Walk* w, int depth);

int CopyRegular(int src, int dst, const char* name) {
  int in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (in < 0) return -1;
  struct stat st;
  if (fstat(in, &st) != 0) {
    CloseKeepErrno(in);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {  // swapped for something else since fstatat
    close(in);
    errno = EAGAIN;
    return -1;
  }
  int out = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0) {
    CloseKeepErrno(in);
    return -1;
  }
  int rc = CopyBytes(in, out, st.st_size);
  if (rc == 0) rc = SetAttributes(out, st);
  CloseKeepErrno(in);
  CloseKeepErrno(out);
  return rc;
}

int CopyDirectory(int src, int dst, const char* name, const struct stat& st, Walk* w, int depth) {
  if (depth >= kCopyUpMaxDepth) {
    errno = ELOOP;
    return -1;
  }
  if (mkdirat(dst, name, 0700) != 0) return -1;
  int from = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (from < 0) return -1;
  int to = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (to < 0) {
    CloseKeepErrno(from);
    return -1;
  }
  int rc = CopyEntries(from, to, w, depth + 1);
  CloseKeepErrno(from);
  // The directory's own attributes after its entries: they change its mtime.
  if (rc == 0) rc = SetAttributes(to, st);
  CloseKeepErrno(to);
  return rc;
}

// A symlink is copied as its text: never followed, wherever it points.
int CopySymlink(int src, int dst, const char* name, const struct stat& st) {
  char target[4096];
  ssize_t n = readlinkat(src, name, target, sizeof(target));
  if (n < 0) return -1;
  if (static_cast<size_t>(n) >= sizeof(target)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  target[n] = '\0';
  if (symlinkat(target, dst, name) != 0) return -1;
  return SetAttributesAt(dst, name, st, /*mode=*/false);
}

// Device nodes, FIFOs and sockets: the node itself, never its content.
// By name in the new tmpfs, which nothing but this process can reach yet.
int CopyNode(int dst, const char* name, const struct stat& st) {
  if (mknodat(dst, name, (st.st_mode & S_IFMT) | 0600, st.st_rdev) != 0) return -1;
  return SetAttributesAt(dst, name, st, /*mode=*/true);
}

int CopyEntry(int src, int dst, const char* name, Walk* w, int depth) {
  struct stat st;
  if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -1;
  switch (st.st_mode & S_IFMT) {
    case S_IFREG:
      return CopyRegular(src, dst, name);
    case S_IFDIR:
      return CopyDirectory(src, dst, name, st, w, depth);
    case S_IFLNK:
      return CopySymlink(src, dst, name, st);
    default:
      return CopyNode(dst, name, st);
  }
}

// Every entry of `src` but "." and "..", read with getdents64 into a
// buffer on this frame (one per level of the tree).
int CopyEntries(int src, int dst, Walk* w, int depth) {
  alignas(Dirent64) char buf[4096];
  for (;;) {
    long n = syscall(SYS_getdents64, src, buf, sizeof(buf));
    if (n < 0) return -1;
    if (n == 0) return 0;
    for (long off = 0; off < n;) {
      const auto* d = reinterpret_cast<const Dirent64*>(buf + off);
      off += d->d_reclen;
      const char* name = d->d_name;
      if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
      size_t mark = w->size();
      if (!w->empty()) w->push_back('/');
      w->append(name);
      if (CopyEntry(src, dst, name, w, depth) != 0) return -1;
      w->resize(mark);
    }
  }
}

}  // namespace

int CopyTreeInChild(int src_dir, int dst_dir, std::string* failed) {
  Walk walk;
  int rc = CopyEntries(src_dir, dst_dir, &walk, 0);
  if (rc != 0) {
    int saved = errno;
    *failed = std::move(walk);
    errno = saved;
  }
  return rc;
}

}  // namespace nsinit::process

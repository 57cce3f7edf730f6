#include "runtime/linux/in_root.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::sys {

absl::StatusOr<UniqueFd> OpenRegularInRoot(absl::string_view root, absl::string_view path) {
  std::string root_str(root);
  UniqueFd dir(open(root_str.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return LastErrnoStatus(absl::StrCat("open ", root_str, " O_PATH|O_DIRECTORY"));
  std::string rel(path);
  size_t first = rel.find_first_not_of('/');
  rel = first == std::string::npos ? "." : rel.substr(first);
  UniqueFd fd(Openat2(dir.get(), rel.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0,
                      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS));
  std::string where = absl::StrCat(root_str, " ", path);
  if (!fd) {
    int err = errno;
    if (err == ENOENT)
      return absl::NotFoundError(absl::StrCat(path, ": does not exist in the rootfs ", root_str));
    return ErrnoStatus(err, absl::StrCat("openat2 ", path, " in root ", root_str,
                                         " (RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS, O_NONBLOCK)"));
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return LastErrnoStatus(absl::StrCat("fstat ", where));
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " in the rootfs ", root_str,
                                                      ": not a regular file (mode 0",
                                                      absl::Hex(st.st_mode & S_IFMT), ")"));
  }
  // Regular files never block; reads should.
  int flags = fcntl(fd.get(), F_GETFL);
  if (flags < 0 || fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return LastErrnoStatus(absl::StrCat("fcntl F_SETFL ", where));
  }
  return fd;
}

absl::StatusOr<std::string> ReadFileInRoot(absl::string_view root, absl::string_view path,
                                           size_t cap) {
  absl::StatusOr<UniqueFd> fd = OpenRegularInRoot(root, path);
  if (!fd.ok()) return fd.status();
  // Through the shared reader's small stack buffer: a 64 KiB one here cost
  // 64 KiB of RSS on every create (the stack-clash probes touch each page).
  return ReadFd(fd->get(), cap, absl::StrCat(path, " in the rootfs ", root));
}

}  // namespace nsinit::sys

// realpath over the symlinks the test prepared in the scratch directory
// (nolibc_test.cc's PrepareScratch), and getcwd. Run from inside the
// scratch directory, so relative paths resolve through getcwd.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/nolibc/checks.h"

namespace nsinit::nolibc_checks {
namespace {

constexpr const char* kPaths[] = {
    ".",
    "..",
    "file",
    "./file",
    "dir/sub/../sub/./leaf",
    "dir//sub///",
    "dir/sub/.",
    "dir/./sub/../",
    "link_abs",
    "link_abs/sub",
    "link_abs/..",
    "link_rel",
    "link_rel/",
    "link_rel/leaf",
    "link_rel/..",
    "chain1/leaf",
    "dir/up/file",
    "dir/up/dir/up/dir/sub",
    "file_link",
    "file/",
    "file/.",
    "file/..",
    "file/x",
    "file_link/",
    "dangling",
    "dangling/x",
    "dir/missing",
    "dir/missing/x",
    "missing/..",
    "loop_a",
    "loop_a/x",
    "/",
    "//",
    "///dir",
    "/../../..",
    "/.",
    "",
    ".hidden_missing",
};

void Resolve(const Report& r, const char* path) {
  errno = 0;
  char* allocated = realpath(path, nullptr);
  int allocated_errno = errno;
  char buf[PATH_MAX];
  memset(buf, 'X', sizeof(buf));
  buf[sizeof(buf) - 1] = '\0';
  errno = 0;
  char* into_buf = realpath(path, buf);
  int buf_errno = errno;
  // On ENOENT and EACCES glibc leaves the part it resolved in the buffer.
  const char* partial = into_buf == nullptr && buf[0] != 'X' ? buf : "-";
  r.Check("realpath")
      .Str(path)
      .Path(allocated)
      .Int(allocated_errno)
      .Int(into_buf == buf)
      .Int(buf_errno)
      .Path(into_buf != nullptr ? "-" : partial);
  free(allocated);
}

void AbsolutePaths(const Report& r) {
  char path[PATH_MAX];
  size_t len = strlen(r.scratch());
  memcpy(path, r.scratch(), len + 1);
  char* scratch = realpath(path, nullptr);
  r.Check("realpath scratch").Path(scratch);
  free(scratch);
  memcpy(path + len, "/link_rel/../up/./file", 23);  // dir/sub, dir, dir/up = $S, file
  char buf[PATH_MAX];
  r.Check("realpath absolute").Path(realpath(path, buf));
  errno = 0;
  char* none = realpath(nullptr, buf);
  r.Check("realpath null").Int(none == nullptr).Int(errno);
}

void Getcwd(const Report& r) {
  char buf[PATH_MAX];
  r.Check("getcwd").Path(getcwd(buf, sizeof(buf)));
  char* allocated = getcwd(nullptr, 0);
  r.Check("getcwd allocated").Path(allocated);
  free(allocated);
  errno = 0;
  char* small = getcwd(buf, 2);
  r.Check("getcwd small").Int(small == nullptr).Int(errno);
  errno = 0;
  char* zero = getcwd(buf, 0);
  r.Check("getcwd zero").Int(zero == nullptr).Int(errno);
}

}  // namespace

void CheckRealpath(const Report& r) {
  int back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  errno = 0;
  int ret = chdir(r.scratch());
  r.Check("chdir").Int(ret).Int(errno);
  errno = 0;
  ret = chdir("/nonexistent-nolibc");
  r.Check("chdir missing").Int(ret).Int(errno);
  Getcwd(r);
  for (const char* path : kPaths) Resolve(r, path);
  AbsolutePaths(r);
  errno = 0;
  ret = fchdir(back);
  r.Check("fchdir").Int(ret).Int(errno);
  errno = 0;
  ret = fchdir(-1);
  r.Check("fchdir bad").Int(ret).Int(errno);
  close(back);
}

}  // namespace nsinit::nolibc_checks

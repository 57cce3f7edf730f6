#include "runtime/base/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"

namespace nsinit {
namespace {

// The open flags ReadFile takes, by name, for its errors.
struct FlagName {
  int flag;
  const char* name;
};
constexpr FlagName kReadFlags[] = {
    {O_NOFOLLOW, "O_NOFOLLOW"}, {O_NONBLOCK, "O_NONBLOCK"},   {O_NOCTTY, "O_NOCTTY"},
    {O_NOATIME, "O_NOATIME"},   {O_DIRECTORY, "O_DIRECTORY"},
};

// "O_NOFOLLOW|O_NONBLOCK" for the kReadFlags set in `flags`.
std::string FlagNames(int flags) {
  std::string names;
  for (const FlagName& f : kReadFlags) {
    if (flags & f.flag) absl::StrAppend(&names, names.empty() ? "" : "|", f.name);
  }
  return names;
}

}  // namespace

absl::StatusOr<std::string> ReadFd(int fd, size_t max_bytes, absl::string_view name) {
  // Read through a stack buffer and appended: most files read here (state
  // files, procfs and cgroup files, config.json) are under 4 KiB, and a
  // string resized to a large chunk first would be zero-filled and grown
  // on every call, which showed in every CLI invocation (0.05 ms per
  // `state`). One page: the create path reads at its deepest, and each
  // further page of stack is a page fault of its own (a 16 KiB buffer made
  // 4 of the CLI's 9 stack faults in a `run`).
  char buf[4 * 1024];
  std::string out;
  for (;;) {
    // One byte past the cap is asked for, so a file of exactly `max_bytes`
    // reads whole and a longer one shows itself.
    size_t room = max_bytes - out.size();
    size_t want = room < sizeof(buf) ? room + 1 : sizeof(buf);
    ssize_t n = read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrnoStatus(absl::StrCat("read ", name));
    }
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("read ", name, ": larger than the cap of ", max_bytes, " bytes"));
    }
  }
}

absl::StatusOr<std::string> ReadFile(absl::string_view path, size_t max_bytes, int flags) {
  int known = 0;
  for (const FlagName& f : kReadFlags) known |= f.flag;
  if ((flags & ~known) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("ReadFile ", path, ": only ", FlagNames(known),
                                                   " may be added to O_RDONLY|O_CLOEXEC"));
  }
  std::string p(path);
  UniqueFd fd(open(p.c_str(), O_RDONLY | O_CLOEXEC | flags));
  if (!fd) {
    int err = errno;  // before the strings below allocate
    std::string what = absl::StrCat("open ", path);
    if (flags != 0) absl::StrAppend(&what, " (", FlagNames(flags), ")");
    return ErrnoStatus(err, what);
  }
  return ReadFd(fd.get(), max_bytes, path);
}

absl::Status WriteFileAtomic(absl::string_view path, absl::string_view contents, mode_t mode,
                             Durability durability) {
  size_t slash = path.rfind('/');
  absl::string_view dir = slash == absl::string_view::npos ? "" : path.substr(0, slash + 1);
  absl::string_view base = slash == absl::string_view::npos ? path : path.substr(slash + 1);
  if (base.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("write ", path, ": names no file"));
  }
  std::string final_path(path);
  // Hidden and unique: a listing of the directory passes over it, and two
  // writers (or a stale temp file of a killed one) never share it.
  const std::string pattern = absl::StrCat(dir, ".", base, ".XXXXXX");
  std::string tmp = pattern;  // mkostemp fills in the X's, even when it fails
  UniqueFd fd(mkostemp(tmp.data(), O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("mkostemp ", pattern, " (for ", path, ")"));
  bool renamed = false;
  absl::Cleanup remove_tmp = [&] {
    if (!renamed) unlink(tmp.c_str());
  };
  // mkostemp made it 0600; fchmod, unlike open's mode, ignores the umask.
  if (fchmod(fd.get(), mode) != 0) {
    return LastErrnoStatus(absl::StrFormat("fchmod %s %04o", tmp, mode));
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd.get(), contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return LastErrnoStatus(absl::StrCat("write ", tmp));
    done += static_cast<size_t>(n);
  }
  if (durability == Durability::kFsync && fsync(fd.get()) != 0) {
    return LastErrnoStatus(absl::StrCat("fsync ", tmp));
  }
  // close reports late write errors (NFS, a full disk with delayed
  // allocation): checked, not left to UniqueFd.
  if (close(fd.release()) != 0) return LastErrnoStatus(absl::StrCat("close ", tmp));
  if (rename(tmp.c_str(), final_path.c_str()) != 0) {
    return LastErrnoStatus(absl::StrCat("rename ", tmp, " to ", path));
  }
  renamed = true;
  if (durability == Durability::kFsync) {
    // The rename is durable once the directory entry is.
    std::string dir_path = dir.empty() ? "." : std::string(dir);
    UniqueFd dir_fd(open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd) return LastErrnoStatus(absl::StrCat("open ", dir_path, " (O_DIRECTORY)"));
    if (fsync(dir_fd.get()) != 0) return LastErrnoStatus(absl::StrCat("fsync ", dir_path));
  }
  return absl::OkStatus();
}

}  // namespace nsinit

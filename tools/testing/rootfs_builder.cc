#include "tools/testing/rootfs_builder.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"
#include "tools/testing/host_binaries.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::testing {

using ::nsinit::conformance::Annotate;
using ::nsinit::conformance::ErrnoStatus;
using ::nsinit::conformance::UniqueFd;
namespace {

constexpr char kPasswd[] =
    "root:x:0:0:root:/root:/bin/sh\n"
    "user:x:1000:1000:user:/home/user:/bin/sh\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";

constexpr char kGroup[] =
    "root:x:0:\n"
    "users:x:100:user\n"
    "user:x:1000:\n"
    "nogroup:x:65534:\n";

struct StdDir {
  const char* path;
  mode_t mode;
};
constexpr StdDir kStdDirs[] = {
    {"bin", 0755},      {"sbin", 0755},     {"usr", 0755},  {"usr/bin", 0755},
    {"usr/sbin", 0755}, {"proc", 0555},     {"sys", 0555},  {"dev", 0755},
    {"tmp", 01777},     {"etc", 0755},      {"root", 0700}, {"run", 0755},
    {"var", 0755},      {"var/tmp", 01777}, {"home", 0755}, {"home/user", 0755},
};

// Applets busybox places outside /bin that tests exec as /bin/<name>.
constexpr const char* kAlsoInBin[] = {"env",   "id",      "readlink", "test",  "[",     "head",
                                      "tail",  "wc",      "seq",      "tr",    "xargs", "nproc",
                                      "which", "timeout", "tee",      "printf"};

// Opens (creating with mode 0755) every directory of `path` but the last
// component, from `root_fd` and never following a symlink; stores the last
// component in `leaf`.
absl::StatusOr<UniqueFd> OpenParent(int root_fd, absl::string_view path, std::string* leaf) {
  std::vector<std::string> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
  if (parts.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("rootfs path \"", path, "\" names the root"));
  }
  for (const std::string& p : parts) {
    if (p == "." || p == "..") {
      return absl::InvalidArgumentError(
          absl::StrCat("rootfs path \"", path, "\" has a . or .. component"));
    }
  }
  UniqueFd dir(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  if (!dir) return ErrnoStatus(errno, "dup rootfs fd");
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoStatus(errno, absl::StrCat("mkdir ", parts[i], " for ", path));
    }
    UniqueFd next(
        openat(dir.get(), parts[i].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) {
      return ErrnoStatus(errno, absl::StrCat("open ", parts[i], " for ", path));
    }
    dir = std::move(next);
  }
  *leaf = parts.back();
  return dir;
}

absl::Status WriteFileAt(int root_fd, absl::string_view path, absl::string_view contents,
                         mode_t mode) {
  std::string leaf;
  ASSIGN_OR_RETURN(UniqueFd parent, OpenParent(root_fd, path, &leaf));
  // Replace, never truncate in place: the old file may be a hardlink
  // shared with other rootfs directories.
  if (unlinkat(parent.get(), leaf.c_str(), 0) != 0 && errno != ENOENT) {
    return ErrnoStatus(errno, absl::StrCat("unlink ", path));
  }
  UniqueFd fd(openat(parent.get(), leaf.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) return ErrnoStatus(errno, absl::StrCat("create ", path));
  for (size_t done = 0; done < contents.size();) {
    ssize_t n = write(fd.get(), contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, absl::StrCat("write ", path));
    done += static_cast<size_t>(n);
  }
  if (fchmod(fd.get(), mode) != 0) {
    return ErrnoStatus(errno, absl::StrCat("fchmod ", path));
  }
  return absl::OkStatus();
}

absl::Status MkdirAt(int root_fd, absl::string_view path, mode_t mode) {
  std::string leaf;
  ASSIGN_OR_RETURN(UniqueFd parent, OpenParent(root_fd, path, &leaf));
  if (mkdirat(parent.get(), leaf.c_str(), mode) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", path));
  }
  UniqueFd fd(openat(parent.get(), leaf.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return ErrnoStatus(errno, absl::StrCat("open ", path));
  // mkdir's mode is filtered by the umask and drops the sticky bit.
  if (fchmod(fd.get(), mode) != 0) {
    return ErrnoStatus(errno, absl::StrCat("fchmod ", path));
  }
  return absl::OkStatus();
}

absl::Status SymlinkAt(int root_fd, absl::string_view path, absl::string_view target) {
  std::string leaf;
  ASSIGN_OR_RETURN(UniqueFd parent, OpenParent(root_fd, path, &leaf));
  std::string t(target);
  if (symlinkat(t.c_str(), parent.get(), leaf.c_str()) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("symlink ", path, " -> ", t));
  }
  return absl::OkStatus();
}

// A read-only copy of `host_path` in the per-process cache, the source of
// every hardlink. Keyed by device, inode and mtime so a rebuilt binary gets
// a fresh copy. Written under a temporary name and renamed into place.
absl::StatusOr<std::string> CachedCopy(const std::string& host_path) {
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  struct stat st;
  if (stat(host_path.c_str(), &st) != 0) {
    return ErrnoStatus(errno, absl::StrCat("stat ", host_path));
  }
  std::string dir = absl::StrCat(TestTmpRoot(), "/nsinit-rootfs-cache");
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", dir));
  }
  std::string base = host_path.substr(host_path.rfind('/') + 1);
  std::string name = absl::StrCat(base, "-", st.st_dev, "-", st.st_ino, "-", st.st_mtim.tv_sec, ".",
                                  st.st_mtim.tv_nsec);
  std::string cached = absl::StrCat(dir, "/", name);
  if (access(cached.c_str(), F_OK) == 0) return cached;
  UniqueFd dir_fd(open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd) return ErrnoStatus(errno, absl::StrCat("open ", dir));
  std::string tmp = absl::StrCat(name, ".tmp.", getpid());
  unlinkat(dir_fd.get(), tmp.c_str(), 0);
  RETURN_IF_ERROR(CopyFileAt(host_path, dir_fd.get(), tmp, 0755));
  if (renameat(dir_fd.get(), tmp.c_str(), dir_fd.get(), name.c_str()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("rename ", tmp, " to ", cached));
  }
  return cached;
}

absl::Status PlaceBinary(int root_fd, const std::string& host_path, absl::string_view path,
                         RootfsBuilder::Sharing sharing) {
  RETURN_IF_ERROR(CheckStaticElf(host_path));
  std::string leaf;
  ASSIGN_OR_RETURN(UniqueFd parent, OpenParent(root_fd, path, &leaf));
  if (sharing == RootfsBuilder::Sharing::kHardlink) {
    ASSIGN_OR_RETURN(std::string cached, CachedCopy(host_path));
    if (linkat(AT_FDCWD, cached.c_str(), parent.get(), leaf.c_str(), 0) == 0) {
      return absl::OkStatus();
    }
    // Another filesystem, or a hardlink restriction: copy instead.
    if (errno != EXDEV && errno != EPERM && errno != EMLINK) {
      return ErrnoStatus(errno, absl::StrCat("link ", cached, " to rootfs ", path));
    }
  }
  return CopyFileAt(host_path, parent.get(), leaf, 0755);
}

}  // namespace

absl::string_view DefaultEtcPasswd() { return kPasswd; }
absl::string_view DefaultEtcGroup() { return kGroup; }

RootfsBuilder& RootfsBuilder::AddBinary(absl::string_view host_path, absl::string_view path) {
  entries_.push_back({Entry::kBinary, std::string(path), std::string(host_path), 0755});
  return *this;
}

RootfsBuilder& RootfsBuilder::AddFile(absl::string_view path, absl::string_view contents,
                                      mode_t mode) {
  entries_.push_back({Entry::kFile, std::string(path), std::string(contents), mode});
  return *this;
}

RootfsBuilder& RootfsBuilder::AddDir(absl::string_view path, mode_t mode) {
  entries_.push_back({Entry::kDir, std::string(path), "", mode});
  return *this;
}

RootfsBuilder& RootfsBuilder::AddSymlink(absl::string_view path, absl::string_view target) {
  entries_.push_back({Entry::kSymlink, std::string(path), std::string(target), 0777});
  return *this;
}

RootfsBuilder& RootfsBuilder::SetHostname(absl::string_view hostname) {
  hostname_ = std::string(hostname);
  return *this;
}

RootfsBuilder& RootfsBuilder::SetSharing(Sharing sharing) {
  sharing_ = sharing;
  return *this;
}

absl::Status RootfsBuilder::Build(absl::string_view dir) const {
  std::string root(dir);
  if (mkdir(root.c_str(), 0755) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", root));
  }
  UniqueFd root_fd(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root_fd) return ErrnoStatus(errno, absl::StrCat("open ", root));
  if (fchmod(root_fd.get(), 0755) != 0) {
    return ErrnoStatus(errno, absl::StrCat("fchmod ", root));
  }
  auto context = [&](const absl::Status& s) {
    return Annotate(s, absl::StrCat("building rootfs ", root));
  };

  for (const StdDir& d : kStdDirs) {
    if (absl::Status s = MkdirAt(root_fd.get(), d.path, d.mode); !s.ok()) {
      return context(s);
    }
  }
  if (geteuid() == 0) {
    // The home of `user` belongs to it, as on a real system.
    if (fchownat(root_fd.get(), "home/user", 1000, 1000, AT_SYMLINK_NOFOLLOW) != 0) {
      return context(ErrnoStatus(errno, "chown home/user 1000:1000"));
    }
  }

  absl::StatusOr<std::string> busybox = FindBusybox();
  if (!busybox.ok()) return context(busybox.status());
  if (absl::Status s = PlaceBinary(root_fd.get(), *busybox, "bin/busybox", sharing_); !s.ok()) {
    return context(s);
  }
  absl::StatusOr<std::vector<std::string>> applets = BusyboxApplets(*busybox);
  if (!applets.ok()) return context(applets.status());
  // One symlink per applet at busybox's own path (bin/sh, usr/bin/env,
  // sbin/ip: all on the OCI default PATH). Symlink creation dominates the
  // build time, so applets are not duplicated into /bin, except the ones
  // tests commonly exec by absolute /bin path.
  std::vector<std::string> links = *applets;
  for (const char* name : kAlsoInBin) links.push_back(absl::StrCat("bin/", name));
  for (const std::string& link : links) {
    if (absl::EndsWith(link, "/busybox")) continue;
    if (absl::Status s = SymlinkAt(root_fd.get(), link, "/bin/busybox"); !s.ok()) {
      return context(s);
    }
  }

  auto overridden = [&](absl::string_view path) {
    for (const Entry& e : entries_) {
      if (absl::StripPrefix(e.path, "/") == path) return true;
    }
    return false;
  };
  const std::pair<const char*, std::string> etc_files[] = {
      {"etc/passwd", kPasswd},
      {"etc/group", kGroup},
      {"etc/hostname", absl::StrCat(hostname_, "\n")},
  };
  for (const auto& [path, contents] : etc_files) {
    if (overridden(path)) continue;
    if (absl::Status s = WriteFileAt(root_fd.get(), path, contents, 0644); !s.ok()) {
      return context(s);
    }
  }

  for (const Entry& e : entries_) {
    absl::Status s;
    switch (e.kind) {
      case Entry::kBinary:
        s = PlaceBinary(root_fd.get(), e.payload, e.path, sharing_);
        break;
      case Entry::kFile:
        s = WriteFileAt(root_fd.get(), e.path, e.payload, e.mode);
        break;
      case Entry::kDir:
        s = MkdirAt(root_fd.get(), e.path, e.mode);
        break;
      case Entry::kSymlink:
        s = SymlinkAt(root_fd.get(), e.path, e.payload);
        break;
    }
    if (!s.ok()) return context(Annotate(s, absl::StrCat("adding ", e.path)));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::testing

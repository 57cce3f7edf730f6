#include "runtime/process/mounts_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <string>
#include <utility>

#include "runtime/base/unique_fd.h"
#include "runtime/linux/resolve_in_root.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/copy_up_child.h"
#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

using sys::IfMissing;

constexpr unsigned long kPropagationMask = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

// After a mount on `fd_path`, applies propagation, a bind's remount and
// recursive attributes to the mount now at `target`.
void FinishMount(int root_fd, const MountStep& m, bool bind) {
  unsigned long extra = m.flags & ~(MS_BIND | MS_REC | MS_REMOUNT | kPropagationMask);
  // A bind mount takes its flags by a remount; so does a tmpfs that
  // tmpcopyup filled, asked read-only but mounted writable for the copy.
  const bool remount = (bind && extra != 0) || (m.copy_up && (m.flags & MS_RDONLY));
  // Most mounts (proc, tmpfs, devpts, ...) took everything at mount(2).
  if (!remount && m.propagation == 0 && (m.rec_attr_set | m.rec_attr_clr) == 0) return;
  UniqueFd fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kFail);
  if (!fd) FailInChild(ChildStep::kMount, m.target.c_str());
  std::string path = ProcFdPath(fd.get());
  if (remount) {
    unsigned long flags = MS_BIND | MS_REMOUNT | extra | LockedMountFlags(path.c_str());
    if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
      FailInChild(ChildStep::kRemount, m.target.c_str());
    }
  }
  if (m.propagation != 0 && mount(nullptr, path.c_str(), nullptr, m.propagation, nullptr) != 0) {
    FailInChild(ChildStep::kMountPropagation, m.target.c_str());
  }
  if ((m.rec_attr_set | m.rec_attr_clr) != 0 &&
      sys::MountSetattr(fd.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, m.rec_attr_set, m.rec_attr_clr,
                        0) != 0) {
    FailInChild(ChildStep::kMountSetattr, m.target.c_str());
  }
  fd.reset();
}

// procfs and sysfs go only on a directory of the rootfs, never through a
// symlink or onto a file there, as runc: an image's `proc -> elsewhere`
// would put the procfs where the runtime's later writes and checks do not
// look (CVE-2019-16884, CVE-2019-19921; SPEC MNT-040). A missing target is
// created as for any mount.
void RequireOrdinaryDirectory(int root_fd, const MountStep& m) {
  std::string name;
  UniqueFd dir = sys::OpenParentInRoot(root_fd, m.target, &name);
  if (!dir) FailInChild(ChildStep::kMkdirTarget, m.target.c_str());
  struct stat st;
  int rc = fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW);
  int saved = errno;
  dir.reset();
  if ((rc != 0 && saved == ENOENT) || (rc == 0 && S_ISDIR(st.st_mode))) return;
  FailInChild(ChildStep::kMount, rc != 0 ? saved : ENOTDIR,
              m.fstype + " on /" + m.target +
                  (rc == 0 && S_ISLNK(st.st_mode) ? ": the destination is a symlink"
                                                  : ": the destination is not a directory"));
}

// tmpcopyup (copy_up_child.h): the image's directory `from` into the tmpfs
// just mounted at m.target, before propagation or recursive attributes
// could make it read-only; FinishMount then makes a tmpfs configured "ro"
// read-only.
void CopyUp(int root_fd, const MountStep& m, UniqueFd from) {
  const char* target = m.target.c_str();
  UniqueFd mnt = sys::OpenInRoot(root_fd, m.target, IfMissing::kFail);
  if (!mnt) FailInChild(ChildStep::kTmpcopyup, target);
  UniqueFd to(openat(mnt.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!to) FailInChild(ChildStep::kTmpcopyup, target);
  mnt.reset();
  std::string failed;
  if (CopyTreeInChild(from.get(), to.get(), &failed) != 0) {
    int saved = errno;
    FailInChild(ChildStep::kTmpcopyup, saved, "/" + m.target + ": " + failed);
  }
  to.reset();
  from.reset();
}

// kMount, kBind, kBindDevice: the mount itself on the target's fd.
void MountOnTarget(int root_fd, const MountStep& m) {
  const char* target = m.target.c_str();
  bool bind = m.kind != MountStep::kMount;
  if (!bind && (m.fstype == "proc" || m.fstype == "sysfs")) RequireOrdinaryDirectory(root_fd, m);
  UniqueFd fd = sys::OpenInRoot(
      root_fd, m.target, m.target_is_file ? IfMissing::kMakeFile : IfMissing::kMakeDirectories);
  if (!fd) FailInChild(ChildStep::kMkdirTarget, target);
  // tmpcopyup: the image's directory, opened before the tmpfs hides it.
  UniqueFd copy_from;
  if (m.copy_up) {
    copy_from.reset(openat(fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!copy_from) FailInChild(ChildStep::kTmpcopyup, target);
  }
  std::string path = ProcFdPath(fd.get());
  unsigned long flags =
      bind ? MS_BIND | (m.flags & MS_REC) : (m.flags & ~(kPropagationMask | MS_REMOUNT));
  // A read-only tmpfs is filled first, then made read-only.
  if (copy_from) flags &= ~MS_RDONLY;
  const char* data = m.data.empty() ? nullptr : m.data.c_str();
  if (mount(m.source.c_str(), path.c_str(), bind ? nullptr : m.fstype.c_str(), flags,
            bind ? nullptr : data) != 0) {
    int saved = errno;
    std::string what = (bind ? m.source : m.fstype) + " on /" + m.target;
    // The filesystem may have refused one of the options passed as data.
    if (!bind && data != nullptr) what += " with options " + m.data;
    FailInChild(ChildStep::kMount, saved, what);
  }
  fd.reset();
  if (copy_from) CopyUp(root_fd, m, std::move(copy_from));
  FinishMount(root_fd, m, bind);
}

// What an image may have where a device node goes, for the error.
const char* KindOfFile(const struct stat& st) {
  return S_ISLNK(st.st_mode)                          ? "a symlink"
         : S_ISDIR(st.st_mode)                        ? "a directory"
         : S_ISFIFO(st.st_mode)                       ? "a FIFO"
         : S_ISREG(st.st_mode)                        ? "a regular file"
         : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "another device node"
                                                      : "another kind of file";
}

void MakeNode(int root_fd, const MountStep& m) {
  const char* target = m.target.c_str();
  std::string name;
  UniqueFd dir = sys::OpenParentInRoot(root_fd, m.target, &name);
  if (!dir) FailInChild(ChildStep::kMkdirTarget, target);
  bool made = mknodat(dir.get(), name.c_str(), m.mode, m.dev) == 0;
  if (!made && errno != EEXIST) FailInChild(ChildStep::kMknod, target);
  struct stat st;
  if (fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    FailInChild(ChildStep::kMknod, target);
  }
  if (!made) {
    // Something already there must be the requested node (SPEC DEV-020).
    // What the image put there instead (a link to a host path, a FIFO,
    // another device) is never followed or reused (SPEC ROOT-020).
    bool same_type = (st.st_mode & S_IFMT) == (m.mode & S_IFMT);
    bool is_dev = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
    if (!same_type || (is_dev && st.st_rdev != m.dev)) {
      FailInChild(ChildStep::kMknod, EEXIST,
                  "/" + m.target + ": the rootfs has " + KindOfFile(st) + " there");
    }
  }
  // Owner and mode only where they differ: a node just made by root with
  // the umask at 0 usually has both right already.
  const bool chown = st.st_uid != m.uid || st.st_gid != m.gid;
  if (chown && fchownat(dir.get(), name.c_str(), m.uid, m.gid, AT_SYMLINK_NOFOLLOW) != 0) {
    FailInChild(ChildStep::kMknod, target);
  }
  // The mode may have been cut by the umask or a default ACL, and chown
  // clears set-id bits; fchmodat cannot follow O_PATH dirs on every
  // kernel, so chmod through the resolved node itself.
  if (chown || (st.st_mode & 07777) != (m.mode & 07777)) {
    UniqueFd node(sys::Openat2(dir.get(), name.c_str(), O_PATH | O_CLOEXEC | O_NOFOLLOW, 0,
                               RESOLVE_NO_SYMLINKS));
    if (!node) FailInChild(ChildStep::kMknod, target);
    if (chmod(ProcFdPath(node.get()).c_str(), m.mode & 07777) != 0) {
      FailInChild(ChildStep::kMknod, target);
    }
  }
  dir.reset();
}

// The tmpfs of a v1 cgroup mount, once its binds are in: read-only in
// place, so the container sees it once (a bind on itself would stack a
// second copy of every hierarchy).
void RemountReadonly(int root_fd, const MountStep& m) {
  UniqueFd fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kFail);
  if (!fd) FailInChild(ChildStep::kRemount, m.target.c_str());
  std::string path = ProcFdPath(fd.get());
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | LockedMountFlags(path.c_str());
  if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
    FailInChild(ChildStep::kRemount, m.target.c_str());
  }
  fd.reset();
}

void MakeDirectory(int root_fd, const MountStep& m) {
  UniqueFd fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kMakeDirectories);
  if (!fd) FailInChild(ChildStep::kMkdirTarget, m.target.c_str());
  fd.reset();
}

void MakeSymlink(int root_fd, const MountStep& m) {
  std::string name;
  UniqueFd dir = sys::OpenParentInRoot(root_fd, m.target, &name);
  if (!dir) FailInChild(ChildStep::kMkdirTarget, m.target.c_str());
  if (symlinkat(m.source.c_str(), dir.get(), name.c_str()) != 0 && errno != EEXIST) {
    FailInChild(ChildStep::kSymlink, m.target.c_str());
  }
  dir.reset();
}

// kMaskFile, kMaskDir, kReadonlyPath: nothing to do for a missing path.
void MaskOrMakeReadonly(int root_fd, const MountStep& m) {
  const char* target = m.target.c_str();
  UniqueFd fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kFail);
  if (!fd) {
    if (errno == ENOENT) return;  // nothing to mask
    FailInChild(m.kind == MountStep::kReadonlyPath ? ChildStep::kReadonlyPath : ChildStep::kMask,
                target);
  }
  std::string path = ProcFdPath(fd.get());
  if (m.kind == MountStep::kReadonlyPath) {
    if (mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
      FailInChild(ChildStep::kReadonlyPath, target);
    }
    fd.reset();
    fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kFail);
    if (!fd) FailInChild(ChildStep::kReadonlyPath, target);
    path = ProcFdPath(fd.get());
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | LockedMountFlags(path.c_str());
    if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
      FailInChild(ChildStep::kReadonlyPath, target);
    }
  } else {
    struct stat st;
    if (fstat(fd.get(), &st) != 0) FailInChild(ChildStep::kMask, target);
    int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, "size=0k")
                                 : mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr);
    if (rc != 0) FailInChild(ChildStep::kMask, target);
  }
  fd.reset();
}

// cgroup2 needs a cgroup namespace of our own or the host's view; mounted
// like any other fs here, with the configured flags.
void MountCgroup(int root_fd, const MountStep& m) {
  const char* target = m.target.c_str();
  UniqueFd fd = sys::OpenInRoot(root_fd, m.target, IfMissing::kMakeDirectories);
  if (!fd) FailInChild(ChildStep::kMkdirTarget, target);
  std::string path = ProcFdPath(fd.get());
  if (mount("cgroup", path.c_str(), "cgroup2", m.flags & ~kPropagationMask, nullptr) == 0) {
    fd.reset();
    return;
  }
  // Refused in a user namespace that does not own a cgroup namespace: the
  // host's hierarchy (m.source), bound recursively (its submounts are
  // locked) and remounted with the mount's flags.
  if ((errno != EPERM && errno != EBUSY) || m.source.empty() ||
      mount(m.source.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    FailInChild(ChildStep::kMount, target);
  }
  fd.reset();
  FinishMount(root_fd, m, /*bind=*/true);
}

}  // namespace

void ApplyMountInChild(int root_fd, const MountStep& m) {
  switch (m.kind) {
    case MountStep::kMount:
    case MountStep::kBind:
    case MountStep::kBindDevice:
      return MountOnTarget(root_fd, m);
    case MountStep::kMknod:
      return MakeNode(root_fd, m);
    case MountStep::kRemountReadonly:
      return RemountReadonly(root_fd, m);
    case MountStep::kMkdir:
      return MakeDirectory(root_fd, m);
    case MountStep::kSymlink:
      return MakeSymlink(root_fd, m);
    case MountStep::kMaskFile:
    case MountStep::kMaskDir:
    case MountStep::kReadonlyPath:
      return MaskOrMakeReadonly(root_fd, m);
    case MountStep::kCgroup2:
    case MountStep::kCgroupV1:
      return MountCgroup(root_fd, m);
  }
}

void ApplyLateMountsInChild(const InitPlan& plan) {
  if (plan.late_mounts.empty()) return;
  UniqueFd root_fd(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) FailInChild(ChildStep::kMask, "/");
  for (const MountStep& m : plan.late_mounts) ApplyMountInChild(root_fd.get(), m);
  root_fd.reset();
}

unsigned long LockedMountFlags(const char* path) {
  struct statvfs sv;
  if (statvfs(path, &sv) != 0) return 0;
  unsigned long f = 0;
  if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

}  // namespace nsinit::process

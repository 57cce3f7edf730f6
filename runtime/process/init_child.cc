#include "runtime/process/init_child.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "runtime/hooks/hook_exec.h"
#include "runtime/linux/resolve_in_root.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/child_steps.h"
#include "runtime/process/copy_up_child.h"
#include "runtime/process/sync.h"

// Everything below runs between re-exec and the container's exec: raw
// system calls, stack buffers, no allocation, no locks, no stdio.
namespace nsinit::process {
namespace {

int g_report_fd = -1;  // where a failure is reported: sync, then the start conn

[[noreturn]] void Fail(ChildStep step, const char* what) {
  ChildSendError(g_report_fd, step, errno, what);
  _exit(1);
}

// Appends `s` to a fixed buffer; truncates rather than overflow.
struct PathBuf {
  char data[4096];
  size_t len = 0;
  PathBuf() { data[0] = '\0'; }
  PathBuf& Add(const char* s) {
    while (*s != '\0' && len + 1 < sizeof(data)) data[len++] = *s++;
    data[len] = '\0';
    return *this;
  }
  PathBuf& AddInt(long v) {
    char tmp[24];
    int n = 0;
    bool neg = v < 0;
    unsigned long u = neg ? -static_cast<unsigned long>(v) : v;
    do {
      tmp[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (neg) tmp[n++] = '-';
    while (n > 0 && len + 1 < sizeof(data)) data[len++] = tmp[--n];
    data[len] = '\0';
    return *this;
  }
  const char* c_str() const { return data; }
};

PathBuf FdPath(int fd) {
  PathBuf p;
  p.Add("/proc/self/fd/").AddInt(fd);
  return p;
}

// Writes `value` to a procfs file `path` ("/proc/..."). The file is opened
// through a detached clone of the /proc mount without its submounts, so a
// config mount bound over a procfs file cannot take the write
// (CVE-2025-52881); without open_tree (no CAP_SYS_ADMIN any more, old
// kernel) the plain path is used. Either way the opened file must be on
// procfs, or the write is refused with EXDEV.
bool WriteFileAt(const char* path, const char* value) {
  int fd;
  int tree = sys::OpenTree(AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree >= 0) {
    fd = sys::Openat2(tree, path + strlen("/proc/"), O_WRONLY | O_CLOEXEC, 0,
                      RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
    int saved = errno;
    close(tree);
    errno = saved;
  } else {
    fd = open(path, O_WRONLY | O_CLOEXEC);
  }
  if (fd < 0) return false;
  struct statfs fs;
  if (fstatfs(fd, &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
    close(fd);
    errno = EXDEV;
    return false;
  }
  size_t len = strlen(value);
  ssize_t n = write(fd, value, len);
  int saved = errno;
  close(fd);
  errno = saved;
  return n == static_cast<ssize_t>(len);
}

// Whether /proc in the container is a real procfs. The init writes sysctls,
// its oom_score_adj and its LSM label through /proc; a config mount (or a
// rootfs) that puts something else there would silently swallow those
// writes, leaving the process unconfined (CVE-2019-16884, CVE-2023-27561).
void RequireRealProc(ChildStep step) {
  struct statfs fs;
  if (statfs("/proc/self", &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
    errno = EXDEV;
    Fail(step, "/proc is not a procfs (something is mounted over it)");
  }
}

// Flags of an existing mount that a bind remount must keep: in a user
// namespace the kernel refuses to clear "locked" flags (mount_namespaces(7)).
unsigned long LockedFlags(const char* path) {
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

constexpr unsigned long kPropagationMask = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

// After a mount on `fd_path`, applies propagation, a bind's remount and
// recursive attributes to the mount now at `target`.
void FinishMount(int root_fd, const MountStep& m, bool bind) {
  int fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kFail).release();
  if (fd < 0) Fail(ChildStep::kMount, m.target.c_str());
  PathBuf path = FdPath(fd);
  unsigned long extra = m.flags & ~(MS_BIND | MS_REC | MS_REMOUNT | kPropagationMask);
  // A bind mount takes its flags by a remount; so does a tmpfs that
  // tmpcopyup filled, asked read-only but mounted writable for the copy.
  if ((bind && extra != 0) || (m.copy_up && (m.flags & MS_RDONLY))) {
    unsigned long flags = MS_BIND | MS_REMOUNT | extra | LockedFlags(path.c_str());
    if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
      Fail(ChildStep::kRemount, m.target.c_str());
    }
  }
  if (m.propagation != 0 &&
      mount(nullptr, path.c_str(), nullptr, m.propagation, nullptr) != 0) {
    Fail(ChildStep::kMountPropagation, m.target.c_str());
  }
  if ((m.rec_attr_set | m.rec_attr_clr) != 0 &&
      sys::MountSetattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, m.rec_attr_set, m.rec_attr_clr,
                        0) != 0) {
    Fail(ChildStep::kMountSetattr, m.target.c_str());
  }
  close(fd);
}

// procfs and sysfs go only on a directory of the rootfs, never through a
// symlink or onto a file there, as runc: an image's `proc -> elsewhere`
// would put the procfs where the runtime's later writes and checks do not
// look (CVE-2019-16884, CVE-2019-19921; SPEC MNT-040). A missing target is
// created as for any mount.
void RequireOrdinaryDirectory(int root_fd, const MountStep& m) {
  std::string base;
  int dir = sys::OpenParentInRoot(root_fd, m.target, &base).release();
  if (dir < 0) Fail(ChildStep::kMkdirTarget, m.target.c_str());
  struct stat st;
  int rc = fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW);
  int saved = errno;
  close(dir);
  if ((rc != 0 && saved == ENOENT) || (rc == 0 && S_ISDIR(st.st_mode))) return;
  PathBuf what;
  what.Add(m.fstype.c_str()).Add(" on /").Add(m.target.c_str());
  what.Add(rc == 0 && S_ISLNK(st.st_mode) ? ": the destination is a symlink"
                                          : ": the destination is not a directory");
  errno = rc != 0 ? saved : ENOTDIR;
  Fail(ChildStep::kMount, what.c_str());
}

// tmpcopyup (copy_up_child.h): the image's directory `from` (the fd is
// taken) into the tmpfs just mounted at m.target, before propagation or
// recursive attributes could make it read-only; FinishMount then makes a
// tmpfs configured "ro" read-only.
void CopyUp(int root_fd, const MountStep& m, int from) {
  const char* target = m.target.c_str();
  int mnt = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kFail).release();
  if (mnt < 0) Fail(ChildStep::kTmpcopyup, target);
  int to = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (to < 0) Fail(ChildStep::kTmpcopyup, target);
  close(mnt);
  std::string failed;
  if (CopyTreeInChild(from, to, &failed) != 0) {
    int saved = errno;
    PathBuf what;
    what.Add("/").Add(target).Add(": ").Add(failed.c_str());
    errno = saved;
    Fail(ChildStep::kTmpcopyup, what.c_str());
  }
  close(to);
  close(from);
}

void ApplyMountStep(int root_fd, const MountStep& m) {
  const char* target = m.target.c_str();
  switch (m.kind) {
    case MountStep::kMount:
    case MountStep::kBind:
    case MountStep::kBindDevice: {
      bool bind = m.kind != MountStep::kMount;
      if (!bind && (m.fstype == "proc" || m.fstype == "sysfs")) RequireOrdinaryDirectory(root_fd, m);
      int fd = sys::OpenInRoot(
                   root_fd, m.target,
                   m.target_is_file ? sys::IfMissing::kMakeFile : sys::IfMissing::kMakeDirectories)
                   .release();
      if (fd < 0) Fail(ChildStep::kMkdirTarget, target);
      // tmpcopyup: the image's directory, opened before the tmpfs hides it.
      int copy_from = -1;
      if (m.copy_up) {
        copy_from = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (copy_from < 0) Fail(ChildStep::kTmpcopyup, target);
      }
      PathBuf path = FdPath(fd);
      unsigned long flags =
          bind ? MS_BIND | (m.flags & MS_REC) : (m.flags & ~(kPropagationMask | MS_REMOUNT));
      // A read-only tmpfs is filled first, then made read-only.
      if (copy_from >= 0) flags &= ~MS_RDONLY;
      const char* data = m.data.empty() ? nullptr : m.data.c_str();
      if (mount(m.source.c_str(), path.c_str(), bind ? nullptr : m.fstype.c_str(), flags,
                bind ? nullptr : data) != 0) {
        int saved = errno;
        PathBuf what;
        what.Add(bind ? m.source.c_str() : m.fstype.c_str()).Add(" on /").Add(target);
        // The filesystem may have refused one of the options passed as data.
        if (!bind && data != nullptr) what.Add(" with options ").Add(data);
        errno = saved;
        Fail(ChildStep::kMount, what.c_str());
      }
      close(fd);
      if (copy_from >= 0) CopyUp(root_fd, m, copy_from);
      FinishMount(root_fd, m, bind);
      return;
    }
    case MountStep::kMknod: {
      std::string base;
      int dir = sys::OpenParentInRoot(root_fd, m.target, &base).release();
      if (dir < 0) Fail(ChildStep::kMkdirTarget, target);
      if (mknodat(dir, base.c_str(), m.mode, m.dev) != 0) {
        if (errno != EEXIST) Fail(ChildStep::kMknod, target);
        // Something already there must be the requested node (SPEC DEV-020).
        // What the image put there instead (a link to a host path, a FIFO,
        // another device) is never followed or reused (SPEC ROOT-020).
        struct stat st;
        if (fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
          Fail(ChildStep::kMknod, target);
        bool same_type = (st.st_mode & S_IFMT) == (m.mode & S_IFMT);
        bool is_dev = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
        if (!same_type || (is_dev && st.st_rdev != m.dev)) {
          PathBuf what;
          what.Add("/").Add(target).Add(": the rootfs has ");
          what.Add(S_ISLNK(st.st_mode)    ? "a symlink"
                   : S_ISDIR(st.st_mode)  ? "a directory"
                   : S_ISFIFO(st.st_mode) ? "a FIFO"
                   : S_ISREG(st.st_mode)  ? "a regular file"
                   : is_dev               ? "another device node"
                                          : "another kind of file");
          what.Add(" there");
          errno = EEXIST;
          Fail(ChildStep::kMknod, what.c_str());
        }
      }
      if (fchownat(dir, base.c_str(), m.uid, m.gid, AT_SYMLINK_NOFOLLOW) != 0)
        Fail(ChildStep::kMknod, target);
      // mknod's mode was cut by the umask; fchmodat cannot follow O_PATH
      // dirs on every kernel, so chmod through the resolved node itself.
      int node =
          sys::Openat2(dir, base.c_str(), O_PATH | O_CLOEXEC | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS);
      if (node < 0) Fail(ChildStep::kMknod, target);
      PathBuf np = FdPath(node);
      if (chmod(np.c_str(), m.mode & 07777) != 0) Fail(ChildStep::kMknod, target);
      close(node);
      close(dir);
      return;
    }
    case MountStep::kRemountReadonly: {
      // The tmpfs of a v1 cgroup mount, once its binds are in: read-only
      // in place, so the container sees it once (a bind on itself would
      // stack a second copy of every hierarchy).
      int fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kFail).release();
      if (fd < 0) Fail(ChildStep::kRemount, target);
      PathBuf path = FdPath(fd);
      unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | LockedFlags(path.c_str());
      if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
        Fail(ChildStep::kRemount, target);
      }
      close(fd);
      return;
    }
    case MountStep::kMkdir: {
      int fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kMakeDirectories).release();
      if (fd < 0) Fail(ChildStep::kMkdirTarget, target);
      close(fd);
      return;
    }
    case MountStep::kSymlink: {
      std::string base;
      int dir = sys::OpenParentInRoot(root_fd, m.target, &base).release();
      if (dir < 0) Fail(ChildStep::kMkdirTarget, target);
      if (symlinkat(m.source.c_str(), dir, base.c_str()) != 0 && errno != EEXIST) {
        Fail(ChildStep::kSymlink, target);
      }
      close(dir);
      return;
    }
    case MountStep::kMaskFile:
    case MountStep::kMaskDir:
    case MountStep::kReadonlyPath: {
      int fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kFail).release();
      if (fd < 0) {
        if (errno == ENOENT) return;  // nothing to mask
        Fail(m.kind == MountStep::kReadonlyPath ? ChildStep::kReadonlyPath : ChildStep::kMask,
             target);
      }
      PathBuf path = FdPath(fd);
      if (m.kind == MountStep::kReadonlyPath) {
        if (mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
          Fail(ChildStep::kReadonlyPath, target);
        }
        close(fd);
        fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kFail).release();
        if (fd < 0) Fail(ChildStep::kReadonlyPath, target);
        path = FdPath(fd);
        unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | LockedFlags(path.c_str());
        if (mount(nullptr, path.c_str(), nullptr, flags, nullptr) != 0) {
          Fail(ChildStep::kReadonlyPath, target);
        }
      } else {
        struct stat st;
        if (fstat(fd, &st) != 0) Fail(ChildStep::kMask, target);
        int rc = S_ISDIR(st.st_mode)
                     ? mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, "size=0k")
                     : mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr);
        if (rc != 0) Fail(ChildStep::kMask, target);
      }
      close(fd);
      return;
    }
    case MountStep::kCgroup2:
    case MountStep::kCgroupV1: {
      // cgroup2 needs a cgroup namespace of our own or the host's view;
      // mounted like any other fs here, with the configured flags.
      int fd = sys::OpenInRoot(root_fd, m.target, sys::IfMissing::kMakeDirectories).release();
      if (fd < 0) Fail(ChildStep::kMkdirTarget, target);
      PathBuf path = FdPath(fd);
      if (mount("cgroup", path.c_str(), "cgroup2", m.flags & ~kPropagationMask, nullptr) == 0) {
        close(fd);
        return;
      }
      // Refused in a user namespace that does not own a cgroup namespace:
      // the host's hierarchy (m.source), bound recursively (its submounts are
      // locked) and remounted with the mount's flags.
      if ((errno != EPERM && errno != EBUSY) || m.source.empty() ||
          mount(m.source.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
        Fail(ChildStep::kMount, target);
      }
      close(fd);
      FinishMount(root_fd, m, /*bind=*/true);
      return;
    }
  }
}

// The slave of the pty master `ptmx`, unlocked and sized as the plan says.
int UnlockedPeer(int ptmx, const InitPlan& plan) {
  int unlock = 0;
  if (ioctl(ptmx, TIOCSPTLCK, &unlock) != 0) Fail(ChildStep::kConsole, "TIOCSPTLCK");
  int slave = ioctl(ptmx, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  if (slave < 0) Fail(ChildStep::kConsole, "TIOCGPTPEER");
  // The terminal is the container user's, as runc (SPEC PROC-036).
  // A `tty` gid the user namespace does not map (EINVAL) leaves the group
  // as devpts made it.
  if (plan.set_console_owner && fchown(slave, plan.console_uid, plan.console_gid) != 0 &&
      (errno != EINVAL || fchown(slave, plan.console_uid, static_cast<gid_t>(-1)) != 0)) {
    Fail(ChildStep::kConsole, "fchown of the pty to the container's user");
  }
  if (plan.console_rows != 0 || plan.console_cols != 0) {
    struct winsize ws = {plan.console_rows, plan.console_cols, 0, 0};
    ioctl(slave, TIOCSWINSZ, &ws);
  }
  return slave;
}

// A pty whose slave is bound on /dev/console and becomes stdio; the master
// goes to the parent (v1: console bound after /dev is populated).
int SetUpConsole(int root_fd, const InitPlan& plan) {
  int ptmx = sys::Openat2(root_fd, "dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0,
                          RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  if (ptmx < 0) Fail(ChildStep::kConsole, "/dev/pts/ptmx");
  int slave = UnlockedPeer(ptmx, plan);
  // The container's own /dev/console: whatever the image has there (a
  // symlink to a procfs file, a device, a directory) is replaced by an
  // empty file, opened without following symlinks, and the pty is bound
  // on that open file, so no symlink or race can send the bind elsewhere
  // (CVE-2025-52565).
  std::string base;
  int dev = sys::OpenParentInRoot(root_fd, "dev/console", &base).release();
  if (dev < 0) Fail(ChildStep::kConsole, "/dev");
  struct stat st;
  if (fstatat(dev, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode) &&
      unlinkat(dev, base.c_str(), S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) != 0) {
    Fail(ChildStep::kConsole, "removing what the image has at /dev/console");
  }
  int target = openat(dev, base.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (target < 0) Fail(ChildStep::kConsole, "/dev/console");
  close(dev);
  PathBuf src = FdPath(slave);
  PathBuf dst = FdPath(target);
  if (mount(src.c_str(), dst.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    Fail(ChildStep::kConsole, "/dev/console");
  }
  close(target);
  if (!ChildSend(g_report_fd, SyncType::kConsole, ptmx)) Fail(ChildStep::kConsole, "sending the pty master");
  close(ptmx);
  return slave;
}

// Runs a hook list in order; the first failure is the init's failure
// ("running createContainer hook 1 (/x): exit status 2; output: ...").
void RunHooksInChild(const std::vector<HookStep>& hooks, const std::string& state, ChildStep step) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    const HookStep& h = hooks[i];
    char* argv[h.argv.size() + 1];
    for (size_t j = 0; j < h.argv.size(); ++j) argv[j] = const_cast<char*>(h.argv[j].c_str());
    argv[h.argv.size()] = nullptr;
    char* envp[h.envp.size() + 1];
    for (size_t j = 0; j < h.envp.size(); ++j) envp[j] = const_cast<char*>(h.envp[j].c_str());
    envp[h.envp.size()] = nullptr;
    hooks::HookOutcome outcome;
    hooks::RunHookRaw(h.path.c_str(), argv, envp, state.data(), state.size(),
                      static_cast<int>(h.timeout_s), &outcome);
    if (outcome.ok()) continue;
    PathBuf what;
    what.Add("hook ").AddInt(static_cast<long>(i)).Add(" (").Add(h.path.c_str()).Add("): ");
    hooks::DescribeOutcome(outcome, static_cast<int>(h.timeout_s), what.data, sizeof(what.data));
    errno = 0;
    Fail(step, what.c_str());
  }
}

// The container's mounts exist and the root is not switched yet: the
// runtime runs prestart and createRuntime hooks (in its own namespaces),
// then the init runs createContainer hooks here, in the container's mount
// namespace with host paths still reachable.
void RunCreateHooks(const InitPlan& plan) {
  if (plan.sync_hooks) {
    if (!ChildSend(g_report_fd, SyncType::kHooks)) Fail(ChildStep::kHookSync, nullptr);
    if (!ChildWait(g_report_fd, SyncType::kHooksDone)) {
      errno = ECANCELED;
      Fail(ChildStep::kHookSync, "the runtime failed or went away");
    }
  }
  // The init's umask is 0 here (for exact device modes); hooks get the
  // usual 022.
  mode_t init_umask = umask(022);
  RunHooksInChild(plan.create_container_hooks, plan.create_hook_state,
                  ChildStep::kCreateContainerHook);
  umask(init_umask);
}

// exec's terminal: a pty of the container's /dev/pts, nothing bound on
// /dev/console; the master goes to the parent, the slave becomes stdio.
int OpenExecConsole(const InitPlan& plan) {
  int ptmx = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (ptmx < 0) ptmx = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (ptmx < 0) Fail(ChildStep::kConsole, "/dev/pts/ptmx");
  int slave = UnlockedPeer(ptmx, plan);
  if (!ChildSend(g_report_fd, SyncType::kConsole, ptmx)) Fail(ChildStep::kConsole, "sending the pty master");
  close(ptmx);
  return slave;
}

// execCPUAffinity: `words` as a cpu_set_t (bits past the vector are 0).
void SetAffinity(const std::vector<uint64_t>& words) {
  if (words.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  size_t n = words.size() * sizeof(uint64_t) < sizeof(set) ? words.size() * sizeof(uint64_t) : sizeof(set);
  memcpy(&set, words.data(), n);
  if (sched_setaffinity(0, sizeof(set), &set) != 0) Fail(ChildStep::kCpuAffinity, nullptr);
}

// ioPriority and scheduler, while the capabilities they may need are held.
void SetIoPriorityAndScheduler(const InitPlan& plan) {
  constexpr int kIoprioWhoProcess = 1;
  if (plan.ioprio >= 0 && syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, plan.ioprio) != 0) {
    Fail(ChildStep::kIoPriority, nullptr);
  }
  if (!plan.set_scheduler) return;
  struct {  // struct sched_attr, SCHED_ATTR_SIZE_VER0
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
  } attr = {48, plan.sched_policy, plan.sched_flags, plan.sched_nice, plan.sched_priority,
            plan.sched_runtime, plan.sched_deadline, plan.sched_period};
  static_assert(sizeof(attr) == 48);
  if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) Fail(ChildStep::kScheduler, nullptr);
}

// Before the MS_MOVE + chroot of --no-pivot (and the ramfs fallback): the
// host's procfs and sysfs mounts would stay in this mount namespace, out
// of sight but counted: the kernel lets a user namespace mount a new
// procfs when a fully visible one exists in the namespace, so a container
// could get an unmasked /proc (SPEC MNT-041). Detach them, as runc does,
// made slaves first so the unmount never reaches the host; where the
// unmount is refused, cover them with a tmpfs.
void HideHostProcfs(const InitPlan& plan) {
  for (const std::string& p : plan.no_pivot_hidden_mounts) {
    const char* path = p.c_str();
    if (mount(nullptr, path, nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
      // Gone with a mount detached before it, or no mount point any more.
      if (errno == ENOENT || errno == EINVAL) continue;
      Fail(ChildStep::kPivotRoot, path);
    }
    if (umount2(path, MNT_DETACH) == 0) continue;
    if ((errno != EINVAL && errno != EPERM) || mount("tmpfs", path, "tmpfs", 0, nullptr) != 0) {
      Fail(ChildStep::kPivotRoot, path);
    }
  }
}

void PivotRoot(const InitPlan& plan, int root_fd) {
  // The old root, held so that the propagation change below reaches it:
  // after pivot_root(".", ".") a mount(2) on "." resolves to the new root
  // (mount(2) does not step onto the mount stacked on the cwd, umount2(2)
  // does), and making the new root a recursive slave turns the container's
  // own `shared` mounts private.
  int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (old_root < 0) Fail(ChildStep::kPivotRoot, "opening the old root");
  if (fchdir(root_fd) != 0) Fail(ChildStep::kPivotRoot, plan.rootfs.c_str());
  // pivot_root(".", ".") stacks the old root on the new one; a lazy
  // unmount of it then drops it, with no put_old directory to create.
  if (!plan.no_pivot && sys::PivotRoot(".", ".") == 0) {
    if (fchdir(old_root) != 0) Fail(ChildStep::kPivotRoot, "entering the old root");
    if (mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
      Fail(ChildStep::kPivotRoot, "making the old root a slave");
    }
    if (umount2(".", MNT_DETACH) != 0) Fail(ChildStep::kPivotRoot, "detaching the old root");
    close(old_root);
  } else {
    close(old_root);
    // pivot_root fails (EINVAL) on a ramfs/rootfs root: move the rootfs over
    // "/" and chroot, as v1 does; also the --no-pivot path.
    if (!plan.no_pivot && errno != EINVAL) Fail(ChildStep::kPivotRoot, plan.rootfs.c_str());
    HideHostProcfs(plan);
    if (mount(plan.rootfs.c_str(), "/", nullptr, MS_MOVE, nullptr) != 0) {
      Fail(ChildStep::kPivotRoot, "MS_MOVE of the rootfs onto /");
    }
    if (chroot(".") != 0) Fail(ChildStep::kPivotRoot, "chroot");
  }
  if (chdir("/") != 0) Fail(ChildStep::kPivotRoot, "chdir /");
}

void SetUpRootfs(const InitPlan& plan, int* console_slave) {
  // Host mount events must not reach the container and ours must not leak
  // out: make every mount we inherited a slave (or what rootfsPropagation
  // asks for) before touching anything.
  if (mount(nullptr, "/", nullptr, plan.root_propagation, nullptr) != 0) {
    Fail(ChildStep::kRootPropagation, "/");
  }
  // pivot_root refuses a shared parent of the new root or a shared /.
  if (!plan.rootfs_parent_mount.empty() &&
      (MakeMountPrivateInChild(plan.rootfs_parent_mount.c_str()) != 0 ||
       MakeMountPrivateInChild("/") != 0)) {
    Fail(ChildStep::kRootPropagation, plan.rootfs_parent_mount.c_str());
  }
  // pivot_root needs the new root to be a mount point.
  if (mount(plan.rootfs.c_str(), plan.rootfs.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    Fail(ChildStep::kBindRootfs, plan.rootfs.c_str());
  }
  int root_fd = open(plan.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) Fail(ChildStep::kBindRootfs, plan.rootfs.c_str());
  ChildMark(ChildStep::kBindRootfs);
  for (const MountStep& m : plan.mounts) ApplyMountStep(root_fd, m);
  if (plan.terminal) *console_slave = SetUpConsole(root_fd, plan);
  ChildMark(ChildStep::kMount);
  RunCreateHooks(plan);
  ChildMark(ChildStep::kHookSync);
  PivotRoot(plan, root_fd);
  close(root_fd);
  if (plan.rootfs_propagation != 0 &&
      mount(nullptr, "/", nullptr, plan.rootfs_propagation, nullptr) != 0) {
    Fail(ChildStep::kRootfsPropagation, "/");
  }
  if (plan.readonly_root &&
      mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | LockedFlags("/"), nullptr) != 0) {
    Fail(ChildStep::kReadonlyRoot, "/");
  }
}

void DropBoundingSet(uint64_t keep) {
  for (int cap = 0; cap <= 63; ++cap) {
    if (keep & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) <= 0) continue;  // unknown or gone
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) Fail(ChildStep::kCapabilities, "bounding set");
  }
}

void SetCapabilities(const InitPlan& plan) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  data[0].effective = static_cast<uint32_t>(plan.cap_effective);
  data[1].effective = static_cast<uint32_t>(plan.cap_effective >> 32);
  data[0].permitted = static_cast<uint32_t>(plan.cap_permitted);
  data[1].permitted = static_cast<uint32_t>(plan.cap_permitted >> 32);
  data[0].inheritable = static_cast<uint32_t>(plan.cap_inheritable);
  data[1].inheritable = static_cast<uint32_t>(plan.cap_inheritable >> 32);
  if (syscall(SYS_capset, &header, data) != 0) Fail(ChildStep::kCapabilities, "capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    Fail(ChildStep::kCapabilities, "clearing the ambient set");
  }
  for (int cap = 0; cap <= 63; ++cap) {
    if (!(plan.cap_ambient & (1ULL << cap))) continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      Fail(ChildStep::kCapabilities, "raising an ambient capability");
    }
  }
}

void SetIdentity(const InitPlan& plan) {
  if (plan.set_caps) {
    DropBoundingSet(plan.cap_bounding);
    // Keep permitted capabilities across the uid change; capset below
    // then sets exactly the configured sets.
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) Fail(ChildStep::kCapabilities, "PR_SET_KEEPCAPS");
  }
  if (plan.set_groups &&
      syscall(SYS_setgroups, plan.groups.size(), plan.groups.data()) != 0) {
    Fail(ChildStep::kSetGroups, nullptr);
  }
  // Raw syscalls: glibc's wrappers broadcast to all threads (there is one
  // thread here) and are not async-signal-safe.
  if (syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0) Fail(ChildStep::kSetGid, nullptr);
  if (syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) Fail(ChildStep::kSetUid, nullptr);
  if (plan.set_caps) {
    SetCapabilities(plan);
    prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  }
}

// `notify_sock`: the connected listenerPath socket (SCMP_ACT_NOTIFY), or -1.
void LoadSeccomp(const InitPlan& plan, int notify_sock) {
  if (plan.seccomp_bpf.empty()) return;
  struct sock_fprog prog;
  prog.len = static_cast<unsigned short>(plan.seccomp_bpf.size() / sizeof(struct sock_filter));
  prog.filter = reinterpret_cast<struct sock_filter*>(const_cast<char*>(plan.seccomp_bpf.data()));
  long listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, plan.seccomp_flags, &prog);
  if (listener < 0) Fail(ChildStep::kSeccomp, nullptr);
  if (!(plan.seccomp_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) return;
  // The state and the listener fd go to the listener in one go; the
  // connection is then closed, as OCI asks (these calls pass the filter).
  if (notify_sock < 0) {
    errno = EBADF;
    Fail(ChildStep::kSeccompListener, "no connection to the listener");
  }
  if (!ChildSendBytes(notify_sock, plan.seccomp_listener_state.data(),
                      plan.seccomp_listener_state.size(), static_cast<int>(listener))) {
    Fail(ChildStep::kSeccompListener, nullptr);
  }
  close(notify_sock);
  close(static_cast<int>(listener));
}

const char* FindEnv(const InitPlan& plan, const char* key) {
  size_t klen = strlen(key);
  for (const std::string& kv : plan.envp) {
    if (kv.size() > klen && kv.compare(0, klen, key) == 0 && kv[klen] == '=') {
      return kv.c_str() + klen + 1;
    }
  }
  return nullptr;
}

// Resolves argv[0] like execvp, inside the container, as the final user:
// an error here surfaces at create time rather than as a dead container.
void LookUpExecutable(const InitPlan& plan, PathBuf* out) {
  const char* name = plan.argv[0].c_str();
  if (strchr(name, '/') != nullptr) {
    out->Add(name);
    if (access(name, X_OK) != 0) Fail(ChildStep::kLookupExecutable, name);
    return;
  }
  const char* path = FindEnv(plan, "PATH");
  if (path == nullptr) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  int last_error = ENOENT;
  while (true) {
    const char* end = strchrnul(path, ':');
    PathBuf candidate;
    char dir[4096];
    size_t n = static_cast<size_t>(end - path);
    if (n < sizeof(dir)) {
      memcpy(dir, path, n);
      dir[n] = '\0';
      candidate.Add(n == 0 ? "." : dir).Add("/").Add(name);
      if (access(candidate.c_str(), X_OK) == 0) {
        *out = candidate;
        return;
      }
      if (errno != ENOENT && errno != ENOTDIR) last_error = errno;
    }
    if (*end == '\0') break;
    path = end + 1;
  }
  errno = last_error;
  PathBuf what;
  what.Add(name).Add(" (not found in $PATH)");
  Fail(ChildStep::kLookupExecutable, what.c_str());
}

// Blocks until `start` connects to the listener, then reports later
// failures (and the exec itself, by EOF) to that connection.
void WaitForStart(int listener) {
  int conn;
  do {
    conn = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  } while (conn < 0 && errno == EINTR);
  if (conn < 0) Fail(ChildStep::kWaitStart, nullptr);
  close(listener);
  g_report_fd = conn;
}

}  // namespace

void RunPlanInChild(const InitPlan& plan, int sync_fd, const int* fds, size_t nfds) {
  g_report_fd = sync_fd;
  ChildMark(ChildStep::kReadPlan);  // the plan is decoded: setup begins
  // Nothing the runtime had open may reach the container: every fd above
  // stdio is closed at exec (CVE-2024-21626 leaked a host directory fd),
  // except the --preserve-fds the caller asked for. They kept their numbers
  // through clone and re-exec, so the fds received since are above them.
  if (sys::CloseRange(3 + plan.preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    Fail(ChildStep::kCloseFds, nullptr);
  }
  // The sync fd may sit in a hole of the preserved range (a closed fd there
  // is passed over): it must not reach the container either.
  if (fcntl(sync_fd, F_SETFD, FD_CLOEXEC) != 0) Fail(ChildStep::kCloseFds, "sync fd");
  // Until exec, /proc/<pid> of this process must not be usable from inside
  // the container to ptrace it or open its fds (CVE-2016-9962). exec
  // resets dumpability.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) Fail(ChildStep::kDumpable, nullptr);
  umask(0);

  // Namespaces: joined ones first (the user namespace leads, so what is
  // created after is owned by it), then the new ones.
  size_t join_count = plan.join_nstypes.size();
  if (join_count > nfds) Fail(ChildStep::kJoinNamespace, "missing namespace fds");
  for (size_t i = 0; i < join_count; ++i) {
    if (setns(fds[i], static_cast<int>(plan.join_nstypes[i])) != 0) {
      Fail(ChildStep::kJoinNamespace, nullptr);
    }
    close(fds[i]);
  }
  int start_listener = plan.wait_for_start && nfds > join_count ? fds[join_count] : -1;
  int notify_sock = !plan.seccomp_listener_state.empty() && nfds > 0 ? fds[nfds - 1] : -1;
  ChildMark(ChildStep::kJoinNamespace);
  // All but the cgroup namespace, whose root is the cgroup we are in when
  // it is made: the runtime is putting us in ours meanwhile.
  const int unshare_now = static_cast<int>(plan.unshare_flags & ~static_cast<uint64_t>(CLONE_NEWCGROUP));
  if (unshare_now != 0 && unshare(unshare_now) != 0) Fail(ChildStep::kUnshare, nullptr);
  // Offsets can be set only before any process enters the new time
  // namespace: ours enters it at exec.
  if (!plan.timens_offsets.empty() &&
      !WriteFileAt("/proc/self/timens_offsets", plan.timens_offsets.c_str())) {
    Fail(ChildStep::kUnshare, "/proc/self/timens_offsets");
  }
  // Before Linux 6.2 exec does not switch to time_for_children (only fork
  // does), so the init would stay in the host's: enter it now, offsets set
  // (setns needs a single-threaded caller, which the cloned child is).
  if (plan.unshare_flags & CLONE_NEWTIME) {
    int timens = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
    if (timens < 0 || setns(timens, CLONE_NEWTIME) != 0) {
      Fail(ChildStep::kUnshare, "setns /proc/self/ns/time_for_children");
    }
    close(timens);
  }

  ChildMark(ChildStep::kUnshare);
  // A new network namespace starts with lo down; containers expect it up.
  if (plan.unshare_flags & CLONE_NEWNET) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, "lo", 3);
    if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) != 0) Fail(ChildStep::kLoopback, "lo");
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) != 0) Fail(ChildStep::kLoopback, "lo");
    close(sock);
  }
  ChildMark(ChildStep::kLoopback);

  // In our cgroups from here on (sync.h): the cgroup namespace's root, the
  // cgroup mounts, the cpuset (joining one resets the affinity set below)
  // and everything the container's process inherits depend on it.
  if (!ChildWait(g_report_fd, SyncType::kCgroupsJoined)) {
    errno = ECANCELED;
    Fail(ChildStep::kWaitCgroups, "the runtime failed or went away");
  }
  ChildMark(ChildStep::kWaitCgroups);
  if ((plan.unshare_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) != 0) {
    Fail(ChildStep::kUnshare, "CLONE_NEWCGROUP");
  }
  SetAffinity(plan.cpu_affinity_initial);

  int console_slave = -1;
  if (plan.mode == InitPlan::kInit) {
    if (setsid() < 0) Fail(ChildStep::kSetsid, nullptr);
    if (!plan.rootfs.empty()) {
      SetUpRootfs(plan, &console_slave);
    } else {
      RunCreateHooks(plan);  // the runtime waits for kHooks all the same
      if (!plan.chroot_path.empty() && ChrootInChild(plan.chroot_path.c_str()) != 0) {
        Fail(ChildStep::kChroot, plan.chroot_path.c_str());
      }
    }
    ChildMark(ChildStep::kPivotRoot);
    if (plan.set_hostname && sethostname(plan.hostname.data(), plan.hostname.size()) != 0) {
      Fail(ChildStep::kHostname, plan.hostname.c_str());
    }
    if (plan.set_domainname && setdomainname(plan.domainname.data(), plan.domainname.size()) != 0) {
      Fail(ChildStep::kDomainname, plan.domainname.c_str());
    }
    if (!plan.sysctls.empty()) RequireRealProc(ChildStep::kSysctl);
    for (const KeyValue& kv : plan.sysctls) {
      PathBuf path;
      path.Add("/proc/sys/").Add(kv.key.c_str());
      if (!WriteFileAt(path.c_str(), kv.value.c_str())) Fail(ChildStep::kSysctl, path.c_str());
    }
    if (!plan.late_mounts.empty()) {
      int root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (root_fd < 0) Fail(ChildStep::kMask, "/");
      for (const MountStep& m : plan.late_mounts) ApplyMountStep(root_fd, m);
      close(root_fd);
    }
  } else if (plan.terminal) {
    // exec with a terminal: a new pty of the container's devpts (we are in
    // its mount namespace now), in a session of our own, as runc does.
    if (setsid() < 0) Fail(ChildStep::kSetsid, nullptr);
    console_slave = OpenExecConsole(plan);
  } else if (!StdioIsATerminalInChild() && setpgid(0, 0) != 0) {
    // An exec'd process leads a process group of its own, as with runc:
    // the runtime's group is outside the pid namespace (getpgrp() 0).
    Fail(ChildStep::kSetsid, "setpgid");
  }
  if (console_slave >= 0) {
    if (ioctl(console_slave, TIOCSCTTY, 0) != 0) Fail(ChildStep::kConsole, "TIOCSCTTY");
    for (int fd = 0; fd <= 2; ++fd) {
      if (dup2(console_slave, fd) < 0) Fail(ChildStep::kConsole, "dup2");
    }
    if (console_slave > 2) close(console_slave);
  }

  ChildMark(ChildStep::kMask);  // hostname, sysctls, masked and read-only paths
  for (const RlimitStep& r : plan.rlimits) {
    struct rlimit limit = {r.soft, r.hard};
    if (setrlimit(static_cast<__rlimit_resource>(r.resource), &limit) != 0) {
      Fail(ChildStep::kRlimit, nullptr);
    }
  }
  if (plan.set_oom_score_adj) {
    RequireRealProc(ChildStep::kOomScoreAdj);
    PathBuf value;
    value.AddInt(plan.oom_score_adj);
    if (!WriteFileAt("/proc/self/oom_score_adj", value.c_str())) {
      Fail(ChildStep::kOomScoreAdj, value.c_str());
    }
  }
  SetIoPriorityAndScheduler(plan);
  // Before seccomp, which may deny personality(2); it survives exec.
  if (plan.set_personality && personality(plan.personality) == -1) {
    Fail(ChildStep::kPersonality, nullptr);
  }
  if (plan.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    Fail(ChildStep::kNoNewPrivs, nullptr);
  }
  // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which the
  // identity change below may drop: load it while it is still held.
  if (!plan.no_new_privs) LoadSeccomp(plan, notify_sock);
  if (ChownStdioInChild(plan.uid, plan.gid) != 0) Fail(ChildStep::kStdioOwner, nullptr);
  if (plan.set_mempolicy && SetMemoryPolicyInChild(plan.mempolicy_mode, plan.mempolicy_nodes.data(),
                                                   plan.mempolicy_nodes.size()) != 0) {
    Fail(ChildStep::kMemoryPolicy, nullptr);
  }
  ChildMark(ChildStep::kSeccomp);  // rlimits, scheduling, seccomp, stdio owner
  SetIdentity(plan);
  if (chdir(plan.cwd.c_str()) != 0) Fail(ChildStep::kChdir, plan.cwd.c_str());
  umask(plan.umask);

  PathBuf executable;
  ChildMark(ChildStep::kSetUid);  // identity, capabilities, cwd
  // The parent-death signal is cleared by uid changes, so it is set after
  // the last of them, and before kReady: a caller that dies while the init
  // waits for start takes the init with it. A parent that died before the
  // prctl sends no signal; its end of the sync socket, which it holds until
  // kReady, has closed with it, so the init goes now.
  if (plan.pdeathsig != 0) {
    if (prctl(PR_SET_PDEATHSIG, plan.pdeathsig, 0, 0, 0) != 0) Fail(ChildStep::kPdeathsig, nullptr);
    struct pollfd peer = {g_report_fd, POLLRDHUP, 0};
    if (poll(&peer, 1, 0) > 0 && (peer.revents & (POLLRDHUP | POLLHUP)) != 0) _exit(1);
  }
  LookUpExecutable(plan, &executable);
  if (!ChildSendReady(g_report_fd)) Fail(ChildStep::kReady, nullptr);
  if (start_listener >= 0) WaitForStart(start_listener);
  // The AppArmor profile takes effect at exec (attr/exec), so it confines
  // the container's process, not the rest of our setup. The parent checked
  // that AppArmor is enabled.
  if (!plan.apparmor_profile.empty()) {
    RequireRealProc(ChildStep::kApparmor);
    PathBuf value;
    value.Add("exec ").Add(plan.apparmor_profile.c_str());
    if (!WriteFileAt("/proc/self/attr/apparmor/exec", value.c_str()) &&
        !WriteFileAt("/proc/self/attr/exec", value.c_str())) {
      Fail(ChildStep::kApparmor, plan.apparmor_profile.c_str());
    }
  }
  // Likewise the SELinux label (the parent checked that SELinux is enabled).
  if (!plan.selinux_label.empty()) {
    RequireRealProc(ChildStep::kSelinux);
    if (!WriteFileAt("/proc/thread-self/attr/exec", plan.selinux_label.c_str())) {
      Fail(ChildStep::kSelinux, plan.selinux_label.c_str());
    }
  }
  SetAffinity(plan.cpu_affinity_final);
  // Last: the filter must not see the runtime's own setup.
  if (plan.no_new_privs) LoadSeccomp(plan, notify_sock);
  // After `start`, before the user's program: in the container, as its
  // user, paths resolved inside it, confined as the program will be (its
  // seccomp filter included, as runc: SPEC HOOK-025).
  RunHooksInChild(plan.start_container_hooks, plan.start_hook_state,
                  ChildStep::kStartContainerHook);

  char* argv[plan.argv.size() + 1];
  for (size_t i = 0; i < plan.argv.size(); ++i) argv[i] = const_cast<char*>(plan.argv[i].c_str());
  argv[plan.argv.size()] = nullptr;
  char* envp[plan.envp.size() + 1];
  for (size_t i = 0; i < plan.envp.size(); ++i) envp[i] = const_cast<char*>(plan.envp[i].c_str());
  envp[plan.envp.size()] = nullptr;
  execve(executable.c_str(), argv, envp);
  Fail(ChildStep::kExec, executable.c_str());
}

}  // namespace nsinit::process

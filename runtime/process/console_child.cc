#include "runtime/process/console_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "runtime/linux/resolve_in_root.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/procfs_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

// The slave of the pty master `ptmx`, unlocked and sized as the plan says.
UniqueFd UnlockedPeer(int ptmx, const InitPlan& plan) {
  int unlock = 0;
  if (ioctl(ptmx, TIOCSPTLCK, &unlock) != 0) FailInChild(ChildStep::kConsole, "TIOCSPTLCK");
  UniqueFd slave(ioctl(ptmx, TIOCGPTPEER, O_RDWR | O_NOCTTY));
  if (!slave) FailInChild(ChildStep::kConsole, "TIOCGPTPEER");
  // The terminal is the container user's, as runc (SPEC PROC-036).
  // A `tty` gid the user namespace does not map (EINVAL) leaves the group
  // as devpts made it.
  if (plan.set_console_owner && fchown(slave.get(), plan.console_uid, plan.console_gid) != 0 &&
      (errno != EINVAL || fchown(slave.get(), plan.console_uid, static_cast<gid_t>(-1)) != 0)) {
    FailInChild(ChildStep::kConsole, "fchown of the pty to the container's user");
  }
  if (plan.console_rows != 0 || plan.console_cols != 0) {
    struct winsize ws = {plan.console_rows, plan.console_cols, 0, 0};
    ioctl(slave.get(), TIOCSWINSZ, &ws);
  }
  return slave;
}

void SendMaster(UniqueFd ptmx) {
  if (!ChildSend(ChildReportFd(), SyncType::kConsole, ptmx.get())) {
    FailInChild(ChildStep::kConsole, "sending the pty master");
  }
  ptmx.reset();
}

// exec's terminal: a pty of the container's /dev/pts, nothing bound on
// /dev/console; the master goes to the parent, the slave becomes stdio.
UniqueFd OpenExecConsole(const InitPlan& plan) {
  UniqueFd ptmx(open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!ptmx) ptmx.reset(open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!ptmx) FailInChild(ChildStep::kConsole, "/dev/pts/ptmx");
  UniqueFd slave = UnlockedPeer(ptmx.get(), plan);
  SendMaster(std::move(ptmx));
  return slave;
}

// Whether any of fds 0-2 is a terminal: an exec'd process then stays in the
// caller's process group, so reading the caller's terminal does not stop
// it with SIGTTIN as a background group would be.
bool StdioIsATerminal() {
  for (int fd = 0; fd <= 2; ++fd) {
    struct termios t;
    if (ioctl(fd, TCGETS, &t) == 0) return true;
  }
  return false;
}

}  // namespace

void StartSessionInChild() {
  if (setsid() < 0) FailInChild(ChildStep::kSetsid, nullptr);
}

// A pty whose slave is bound on /dev/console and becomes stdio; the master
// goes to the parent (v1: console bound after /dev is populated).
UniqueFd SetUpConsoleInChild(int root_fd, const InitPlan& plan) {
  UniqueFd ptmx(sys::Openat2(root_fd, "dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0,
                             RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS));
  if (!ptmx) FailInChild(ChildStep::kConsole, "/dev/pts/ptmx");
  UniqueFd slave = UnlockedPeer(ptmx.get(), plan);
  // The container's own /dev/console: whatever the image has there (a
  // symlink to a procfs file, a device, a directory) is replaced by an
  // empty file, opened without following symlinks, and the pty is bound
  // on that open file, so no symlink or race can send the bind elsewhere
  // (CVE-2025-52565).
  std::string name;
  UniqueFd dev = sys::OpenParentInRoot(root_fd, "dev/console", &name);
  if (!dev) FailInChild(ChildStep::kConsole, "/dev");
  struct stat st;
  if (fstatat(dev.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode) &&
      unlinkat(dev.get(), name.c_str(), S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) != 0) {
    FailInChild(ChildStep::kConsole, "removing what the image has at /dev/console");
  }
  UniqueFd target(
      openat(dev.get(), name.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (!target) FailInChild(ChildStep::kConsole, "/dev/console");
  dev.reset();
  if (mount(ProcFdPath(slave.get()).c_str(), ProcFdPath(target.get()).c_str(), nullptr, MS_BIND,
            nullptr) != 0) {
    FailInChild(ChildStep::kConsole, "/dev/console");
  }
  target.reset();
  SendMaster(std::move(ptmx));
  return slave;
}

UniqueFd EnterExecSessionInChild(const InitPlan& plan) {
  if (plan.terminal) {
    // exec with a terminal: a new pty of the container's devpts (we are in
    // its mount namespace now), in a session of our own, as runc does.
    if (setsid() < 0) FailInChild(ChildStep::kSetsid, nullptr);
    return OpenExecConsole(plan);
  }
  if (!StdioIsATerminal() && setpgid(0, 0) != 0) {
    // An exec'd process leads a process group of its own, as with runc:
    // the runtime's group is outside the pid namespace (getpgrp() 0).
    FailInChild(ChildStep::kSetsid, "setpgid");
  }
  return UniqueFd();
}

void AttachConsoleInChild(UniqueFd slave) {
  if (!slave) return;
  if (ioctl(slave.get(), TIOCSCTTY, 0) != 0) FailInChild(ChildStep::kConsole, "TIOCSCTTY");
  for (int fd = 0; fd <= 2; ++fd) {
    if (dup2(slave.get(), fd) < 0) FailInChild(ChildStep::kConsole, "dup2");
  }
  if (slave.get() <= 2) slave.release();  // it is stdio now
  slave.reset();
}

}  // namespace nsinit::process

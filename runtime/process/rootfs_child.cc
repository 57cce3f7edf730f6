#include "runtime/process/rootfs_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <string>

#include "runtime/linux/syscalls.h"
#include "runtime/process/console_child.h"
#include "runtime/process/hooks_child.h"
#include "runtime/process/mounts_child.h"
#include "runtime/process/no_pivot_plan.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

// Makes the mount at `path` (not its children) private: used on the mount
// holding the rootfs and on / before pivot_root, which refuses (EINVAL) a
// shared new root parent or a shared current root.
int MakeMountPrivate(const char* path) {
  return mount(nullptr, path, nullptr, MS_PRIVATE, nullptr);
}

// Before the MS_MOVE + chroot of --no-pivot (and the ramfs fallback): the
// host's procfs and sysfs mounts would stay in this mount namespace, out
// of sight but counted: the kernel lets a user namespace mount a new
// procfs when a fully visible one exists in the namespace, so a container
// could get an unmasked /proc (SPEC MNT-041). Detach them, as runc does,
// made slaves first so the unmount never reaches the host; where the
// unmount is refused, cover them with a tmpfs. Found here, on the rare
// path that needs them, from this mount namespace's own mountinfo (a copy
// of the runtime's, plus the container's mounts under the rootfs).
void HideHostProcfs(const InitPlan& plan) {
  std::vector<std::string> hidden;
  if (!HostProcfsToHide(plan.rootfs, &hidden)) {
    FailInChild(ChildStep::kPivotRoot, "reading /proc/self/mountinfo");
  }
  for (const std::string& p : hidden) {
    const char* path = p.c_str();
    if (mount(nullptr, path, nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
      // Gone with a mount detached before it, or no mount point any more.
      if (errno == ENOENT || errno == EINVAL) continue;
      FailInChild(ChildStep::kPivotRoot, path);
    }
    if (umount2(path, MNT_DETACH) == 0) continue;
    if ((errno != EINVAL && errno != EPERM) || mount("tmpfs", path, "tmpfs", 0, nullptr) != 0) {
      FailInChild(ChildStep::kPivotRoot, path);
    }
  }
}

void PivotRoot(const InitPlan& plan, int root_fd) {
  // The old root, held so that the propagation change below reaches it:
  // after pivot_root(".", ".") a mount(2) on "." resolves to the new root
  // (mount(2) does not step onto the mount stacked on the cwd, umount2(2)
  // does), and making the new root a recursive slave turns the container's
  // own `shared` mounts private.
  UniqueFd old_root(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!old_root) FailInChild(ChildStep::kPivotRoot, "opening the old root");
  if (fchdir(root_fd) != 0) FailInChild(ChildStep::kPivotRoot, plan.rootfs.c_str());
  // pivot_root(".", ".") stacks the old root on the new one; a lazy
  // unmount of it then drops it, with no put_old directory to create.
  if (!plan.no_pivot && sys::PivotRoot(".", ".") == 0) {
    if (fchdir(old_root.get()) != 0) FailInChild(ChildStep::kPivotRoot, "entering the old root");
    if (mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
      FailInChild(ChildStep::kPivotRoot, "making the old root a slave");
    }
    if (umount2(".", MNT_DETACH) != 0) FailInChild(ChildStep::kPivotRoot, "detaching the old root");
    old_root.reset();
  } else {
    old_root.reset();
    // pivot_root fails (EINVAL) on a ramfs/rootfs root: move the rootfs over
    // "/" and chroot, as v1 does; also the --no-pivot path.
    if (!plan.no_pivot && errno != EINVAL) FailInChild(ChildStep::kPivotRoot, plan.rootfs.c_str());
    HideHostProcfs(plan);
    if (mount(plan.rootfs.c_str(), "/", nullptr, MS_MOVE, nullptr) != 0) {
      FailInChild(ChildStep::kPivotRoot, "MS_MOVE of the rootfs onto /");
    }
    if (chroot(".") != 0) FailInChild(ChildStep::kPivotRoot, "chroot");
  }
  if (chdir("/") != 0) FailInChild(ChildStep::kPivotRoot, "chdir /");
}

UniqueFd SetUpRootfs(const InitPlan& plan) {
  // Host mount events must not reach the container and ours must not leak
  // out: make every mount we inherited a slave (or what rootfsPropagation
  // asks for) before touching anything.
  if (mount(nullptr, "/", nullptr, plan.root_propagation, nullptr) != 0) {
    FailInChild(ChildStep::kRootPropagation, "/");
  }
  // pivot_root refuses a shared parent of the new root or a shared /.
  if (!plan.rootfs_parent_mount.empty() &&
      (MakeMountPrivate(plan.rootfs_parent_mount.c_str()) != 0 || MakeMountPrivate("/") != 0)) {
    FailInChild(ChildStep::kRootPropagation, plan.rootfs_parent_mount.c_str());
  }
  // pivot_root needs the new root to be a mount point.
  if (mount(plan.rootfs.c_str(), plan.rootfs.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    FailInChild(ChildStep::kBindRootfs, plan.rootfs.c_str());
  }
  UniqueFd root_fd(open(plan.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) FailInChild(ChildStep::kBindRootfs, plan.rootfs.c_str());
  ChildMark(ChildStep::kBindRootfs);
  for (const MountStep& m : plan.mounts) ApplyMountInChild(root_fd.get(), m);
  UniqueFd console;
  if (plan.terminal) console = SetUpConsoleInChild(root_fd.get(), plan);
  ChildMark(ChildStep::kMount);
  RunCreateContainerHooksInChild(plan);
  ChildMark(ChildStep::kHookSync);
  PivotRoot(plan, root_fd.get());
  root_fd.reset();
  if (plan.rootfs_propagation != 0 &&
      mount(nullptr, "/", nullptr, plan.rootfs_propagation, nullptr) != 0) {
    FailInChild(ChildStep::kRootfsPropagation, "/");
  }
  if (plan.readonly_root &&
      mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | LockedMountFlags("/"),
            nullptr) != 0) {
    FailInChild(ChildStep::kReadonlyRoot, "/");
  }
  return console;
}

}  // namespace

UniqueFd SetUpFilesystemInChild(const InitPlan& plan) {
  if (!plan.rootfs.empty()) return SetUpRootfs(plan);
  RunCreateContainerHooksInChild(plan);  // the runtime waits for kHooks all the same
  // Without a mount namespace of its own the container's root is entered
  // with chroot, as runc does: chroot(path), then chdir("/").
  if (!plan.chroot_path.empty() && (chroot(plan.chroot_path.c_str()) != 0 || chdir("/") != 0)) {
    FailInChild(ChildStep::kChroot, plan.chroot_path.c_str());
  }
  return UniqueFd();
}

}  // namespace nsinit::process

#include "runtime/process/identity_child.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

// Drops straight away, one call per capability: a drop of one already
// gone succeeds, and the first the kernel does not know (EINVAL) ends the
// numbers it has. Only a refused drop (EPERM, no CAP_SETPCAP) asks whether
// the capability was there at all.
void DropBoundingSet(uint64_t keep) {
  for (int cap = 0; cap <= 63; ++cap) {
    if (keep & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0) continue;
    const int refused = errno;
    if (refused == EINVAL) return;                            // past the kernel's last capability
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 0) continue;  // not there: nothing to drop
    errno = refused;
    FailInChild(ChildStep::kCapabilities, "bounding set");
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
  if (syscall(SYS_capset, &header, data) != 0) FailInChild(ChildStep::kCapabilities, "capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    FailInChild(ChildStep::kCapabilities, "clearing the ambient set");
  }
  for (int cap = 0; cap <= 63; ++cap) {
    if (!(plan.cap_ambient & (1ULL << cap))) continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      FailInChild(ChildStep::kCapabilities, "raising an ambient capability");
    }
  }
}

}  // namespace

void HandStdioToUserInChild(const InitPlan& plan) {
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) continue;  // closed: nothing to hand over
    if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISREG(st.st_mode)) continue;
    if (st.st_uid == plan.uid && st.st_gid == plan.gid) continue;
    if (fchown(fd, plan.uid, plan.gid) != 0 && errno != EINVAL && errno != EPERM) {
      FailInChild(ChildStep::kStdioOwner, nullptr);
    }
  }
}

void SetIdentityInChild(const InitPlan& plan) {
  if (plan.set_caps) {
    DropBoundingSet(plan.cap_bounding);
    // Keep permitted capabilities across the uid change; capset below
    // then sets exactly the configured sets.
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
      FailInChild(ChildStep::kCapabilities, "PR_SET_KEEPCAPS");
    }
  }
  if (plan.set_groups && syscall(SYS_setgroups, plan.groups.size(), plan.groups.data()) != 0) {
    FailInChild(ChildStep::kSetGroups, nullptr);
  }
  // Raw syscalls: glibc's wrappers broadcast to all threads (there is one
  // thread here) and are not async-signal-safe.
  if (syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0) {
    FailInChild(ChildStep::kSetGid, nullptr);
  }
  if (syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) {
    FailInChild(ChildStep::kSetUid, nullptr);
  }
  if (plan.set_caps) {
    SetCapabilities(plan);
    prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  }
  if (chdir(plan.cwd.c_str()) != 0) FailInChild(ChildStep::kChdir, plan.cwd.c_str());
  umask(plan.umask);
}

}  // namespace nsinit::process

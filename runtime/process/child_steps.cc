#include "runtime/process/child_steps.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <termios.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace nsinit::process {

int ChownStdioInChild(uid_t uid, gid_t gid) {
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) continue;  // closed: nothing to hand over
    if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISREG(st.st_mode)) continue;
    if (st.st_uid == uid && st.st_gid == gid) continue;
    if (fchown(fd, uid, gid) != 0 && errno != EINVAL && errno != EPERM) return -1;
  }
  return 0;
}

bool StdioIsATerminalInChild() {
  for (int fd = 0; fd <= 2; ++fd) {
    struct termios t;
    if (ioctl(fd, TCGETS, &t) == 0) return true;
  }
  return false;
}

int MakeMountPrivateInChild(const char* path) {
  return mount(nullptr, path, nullptr, MS_PRIVATE, nullptr);
}

int ChrootInChild(const char* path) {
  if (chroot(path) != 0) return -1;
  return chdir("/");
}

int SetMemoryPolicyInChild(int32_t mode, const uint64_t* mask, size_t words) {
  // maxnode counts bits; the kernel reads maxnode-1 of them, hence the +1.
  unsigned long maxnode = words == 0 ? 0 : words * 64 + 1;
  return static_cast<int>(syscall(SYS_set_mempolicy, mode, words == 0 ? nullptr : mask, maxnode));
}

}  // namespace nsinit::process

#include "runtime/process/self_exe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/syscalls.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U  // Linux 6.3: vm.memfd_noexec may require it
#endif

namespace nsinit::process {
namespace {

absl::StatusOr<int> MakeSealedCopy() {
  UniqueFd self(open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return LastErrnoStatus("open /proc/self/exe");
  struct stat st;
  if (fstat(self.get(), &st) != 0) return LastErrnoStatus("fstat /proc/self/exe");

  UniqueFd mem(memfd_create("nsinit", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC));
  if (!mem && errno == EINVAL) {  // kernels before 6.3 do not know MFD_EXEC
    mem.reset(memfd_create("nsinit", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  }
  if (!mem) return LastErrnoStatus("memfd_create nsinit");

  off_t offset = 0;
  while (offset < st.st_size) {
    ssize_t n = sendfile(mem.get(), self.get(), &offset, st.st_size - offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return LastErrnoStatus(
          absl::StrCat("copying /proc/self/exe into a memfd at offset ", offset));
    }
  }
  if (fcntl(mem.get(), F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) !=
      0) {
    return LastErrnoStatus("fcntl F_ADD_SEALS on the runtime's memfd");
  }
  return mem.release();
}

}  // namespace

absl::StatusOr<int> ReadOnlyView(const char* path) {
  UniqueFd tree(static_cast<int>(
      syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)));
  if (!tree) return LastErrnoStatus(absl::StrCat("open_tree OPEN_TREE_CLONE ", path));
  if (sys::MountSetattr(tree.get(), "", AT_EMPTY_PATH,
                        MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0, 0) != 0) {
    return LastErrnoStatus(absl::StrCat("mount_setattr MOUNT_ATTR_RDONLY on the view of ", path));
  }
  return tree.release();
}

absl::StatusOr<int> SealedSelfExe() {
  static absl::once_flag once;
  static absl::StatusOr<int>* result;
  absl::call_once(once, [] {
    absl::StatusOr<int> view = ReadOnlyView("/proc/self/exe");
    result = new absl::StatusOr<int>(view.ok() ? view : MakeSealedCopy());
  });
  return *result;
}

}  // namespace nsinit::process

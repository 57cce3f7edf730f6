#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/unique_fd.h"
#include "runtime/process/init_image.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U  // Linux 6.3: vm.memfd_noexec may require it
#endif

namespace nsinit::process {
namespace {

const unsigned char* g_image = nullptr;
size_t g_image_size = 0;

absl::StatusOr<int> MakeSealedImage() {
  UniqueFd mem(memfd_create("nsinit-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC));
  if (!mem && errno == EINVAL) {  // kernels before 6.3 do not know MFD_EXEC
    mem.reset(memfd_create("nsinit-init", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  }
  if (!mem) return LastErrnoStatus("memfd_create nsinit-init");
  size_t done = 0;
  while (done < g_image_size) {
    ssize_t n = write(mem.get(), g_image + done, g_image_size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return LastErrnoStatus(absl::StrCat("writing the init image into a memfd at ", done));
    done += static_cast<size_t>(n);
  }
  if (fcntl(mem.get(), F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) !=
      0) {
    return LastErrnoStatus("fcntl F_ADD_SEALS on the init image's memfd");
  }
  return mem.release();
}

}  // namespace

void RegisterInitImage(const unsigned char* data, size_t size) {
  g_image = data;
  g_image_size = size;
}

absl::StatusOr<int> SealedInitImage() {
  if (g_image == nullptr) return absl::NotFoundError("no init image is linked in");
  static absl::once_flag once;
  static absl::StatusOr<int>* result;
  absl::call_once(once, [] { result = new absl::StatusOr<int>(MakeSealedImage()); });
  return *result;
}

}  // namespace nsinit::process

#include "runtime/console/console_socket.h"

#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/scm_rights.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"
#include "runtime/base/unix_socket.h"

namespace nsinit {

absl::Status SendConsole(const std::string& socket_path, int master) {
  // A path longer than sun_path is reached through /proc/self/fd (UnixConnect).
  absl::StatusOr<UniqueFd> sock = UnixConnect(socket_path, SOCK_STREAM);
  if (!sock.ok()) return Annotate(sock.status(), "--console-socket");
  // runc sends the pty's name with it; clients read only the fd.
  static const char kName[] = "/dev/ptmx";
  if (SendWithFds(sock->get(), kName, sizeof(kName) - 1, &master, 1) < 0) {
    return LastErrnoStatus(absl::StrCat("sending the pty master to ", socket_path));
  }
  return absl::OkStatus();
}

}  // namespace nsinit

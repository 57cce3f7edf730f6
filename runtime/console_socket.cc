#include "runtime/console_socket.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/scm_rights.h"
#include "runtime/base/unique_fd.h"

namespace nsinit {

absl::Status SendConsole(const std::string& socket_path, int master) {
  UniqueFd sock(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock) return LastErrnoStatus("socket AF_UNIX for --console-socket");
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::string path = socket_path;
  // sun_path holds 108 bytes: a longer path is reached through an fd of its
  // directory (/proc/self/fd/N/NAME), which is always short.
  UniqueFd dir;
  size_t slash = socket_path.rfind('/');
  if (path.size() >= sizeof(addr.sun_path) && slash != std::string::npos) {
    std::string dir_path = slash == 0 ? "/" : socket_path.substr(0, slash);
    dir.reset(open(dir_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir) return LastErrnoStatus(absl::StrCat("open ", dir_path, " (--console-socket)"));
    path = absl::StrCat("/proc/self/fd/", dir.get(), "/", socket_path.substr(slash + 1));
  }
  if (path.size() >= sizeof(addr.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat("--console-socket: path too long: ", socket_path));
  }
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return LastErrnoStatus(absl::StrCat("connect --console-socket ", socket_path));
  }
  // runc sends the pty's name with it; clients read only the fd.
  static const char kName[] = "/dev/ptmx";
  if (SendWithFds(sock.get(), kName, sizeof(kName) - 1, &master, 1) < 0) {
    return LastErrnoStatus(absl::StrCat("sending the pty master to ", socket_path));
  }
  return absl::OkStatus();
}

}  // namespace nsinit

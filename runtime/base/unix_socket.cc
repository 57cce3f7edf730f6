#include "runtime/base/unix_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/un.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"

namespace nsinit {
namespace {

std::string TypeName(int type) {
  switch (type) {
    case SOCK_STREAM:
      return "SOCK_STREAM";
    case SOCK_SEQPACKET:
      return "SOCK_SEQPACKET";
    case SOCK_DGRAM:
      return "SOCK_DGRAM";
  }
  return absl::StrCat("type ", type);
}

absl::StatusOr<UniqueFd> NewSocket(int type) {
  UniqueFd fd(socket(AF_UNIX, type | SOCK_CLOEXEC, 0));
  if (!fd) return LastErrnoStatus(absl::StrCat("socket AF_UNIX ", TypeName(type)));
  return fd;
}

// The address of `path` in `*addr`. When it goes through
// /proc/self/fd/N, `*dir` holds fd N, which must stay open until the
// connect or bind is done.
absl::Status FillAddress(absl::string_view path, sockaddr_un* addr, UniqueFd* dir) {
  if (path.empty()) return absl::InvalidArgumentError("unix socket: empty path");
  *addr = {};
  addr->sun_family = AF_UNIX;
  std::string name(path);
  size_t slash = path.rfind('/');
  if (name.size() >= sizeof(addr->sun_path) && slash != absl::string_view::npos) {
    std::string dir_path = slash == 0 ? "/" : std::string(path.substr(0, slash));
    dir->reset(open(dir_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!*dir) {
      return LastErrnoStatus(
          absl::StrCat("open ", dir_path, " (O_PATH|O_DIRECTORY) to reach the socket ", path));
    }
    name = absl::StrCat("/proc/self/fd/", dir->get(), "/", path.substr(slash + 1));
  }
  if (name.size() >= sizeof(addr->sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unix socket path too long: ", path, " (", path.size(), " bytes; sun_path holds ",
        sizeof(addr->sun_path) - 1, ", and its last component is too long for /proc/self/fd/N/)"));
  }
  memcpy(addr->sun_path, name.data(), name.size());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<UniqueFd> UnixConnect(absl::string_view path, int type) {
  ASSIGN_OR_RETURN(UniqueFd fd, NewSocket(type));
  sockaddr_un addr;
  UniqueFd dir;
  RETURN_IF_ERROR(FillAddress(path, &addr, &dir));
  // An interrupted AF_UNIX connect leaves the socket unconnected
  // (unix_stream_connect), so it can simply be tried again.
  while (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    if (errno != EINTR) return LastErrnoStatus(absl::StrCat("connect ", path));
  }
  return fd;
}

absl::StatusOr<UniqueFd> UnixListen(absl::string_view path, int type, int backlog) {
  ASSIGN_OR_RETURN(UniqueFd fd, NewSocket(type));
  sockaddr_un addr;
  UniqueFd dir;
  RETURN_IF_ERROR(FillAddress(path, &addr, &dir));
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return LastErrnoStatus(absl::StrCat("bind ", path));
  }
  if (listen(fd.get(), backlog) != 0) return LastErrnoStatus(absl::StrCat("listen ", path));
  return fd;
}

}  // namespace nsinit

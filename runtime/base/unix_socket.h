// Unix sockets by path: connect to one, or bind and listen on one.
//
// sockaddr_un's sun_path holds 108 bytes with its NUL (unix(7)), and the
// paths the runtime meets are often longer: a state root under a test's
// TMPDIR, a --console-socket deep in a bundle. Such a path is reached
// through an O_PATH fd of its directory as /proc/self/fd/N/NAME, which is
// short whatever the directory's path, and names the same inode. Shorter
// paths are used as they are. Every socket is SOCK_CLOEXEC.
#ifndef NSINIT_RUNTIME_BASE_UNIX_SOCKET_H_
#define NSINIT_RUNTIME_BASE_UNIX_SOCKET_H_

#include <sys/socket.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/base/unique_fd.h"

namespace nsinit {

// A socket of `type` (SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM) connected to
// `path`. Errors name the call and the path ("connect /run/x.sock: ENOENT:
// ..."); a name too long even through /proc/self/fd is kInvalidArgument.
absl::StatusOr<UniqueFd> UnixConnect(absl::string_view path, int type = SOCK_STREAM);

// A socket of `type` bound to `path` (which must not exist) and listening
// with `backlog`.
absl::StatusOr<UniqueFd> UnixListen(absl::string_view path, int type, int backlog);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_UNIX_SOCKET_H_

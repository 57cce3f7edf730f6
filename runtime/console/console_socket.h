// Handing a container's pty master to a client over --console-socket, as
// runc does: connect to the unix socket and send the fd with SCM_RIGHTS
// (the message's data is the pty's name). podman's conmon and containerd's
// shim receive it this way.
#ifndef NSINIT_RUNTIME_CONSOLE_CONSOLE_SOCKET_H_
#define NSINIT_RUNTIME_CONSOLE_CONSOLE_SOCKET_H_

#include <string>

#include "absl/status/status.h"

namespace nsinit {

absl::Status SendConsole(const std::string& socket_path, int master);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_CONSOLE_CONSOLE_SOCKET_H_

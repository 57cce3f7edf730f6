// Passing file descriptors over a Unix socket (SCM_RIGHTS).
//
// Raw syscalls and stack buffers only, so the child side of the sync
// protocol may call them between clone and exec (async-signal-safe). Both
// retry on EINTR and return what sendmsg/recvmsg returned (-1 with errno).
#ifndef NSINIT_RUNTIME_BASE_SCM_RIGHTS_H_
#define NSINIT_RUNTIME_BASE_SCM_RIGHTS_H_

#include <stddef.h>
#include <sys/types.h>

namespace nsinit {

// At most this many fds travel with one message.
inline constexpr size_t kMaxPassedFds = 16;

// Sends `len` bytes of `data` with `nfds` (<= kMaxPassedFds) fds; never
// raises SIGPIPE.
ssize_t SendWithFds(int sock, const void* data, size_t len, const int* fds, size_t nfds);

// Receives up to `len` bytes into `buf` and the fds that came with them
// (close-on-exec) into `fds` (room for kMaxPassedFds), their number in
// `*nfds`. A truncated message (data or fds) closes what came and fails
// with EMSGSIZE.
ssize_t ReceiveWithFds(int sock, void* buf, size_t len, int* fds, size_t* nfds);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_SCM_RIGHTS_H_

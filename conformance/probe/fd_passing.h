// Receiving file descriptors over a unix socket (SCM_RIGHTS), as the host
// side of --console-socket and of a seccomp listener: the suite's own,
// not the runtime's sender, so the two ends are independent code.
#ifndef NSINIT_CONFORMANCE_PROBE_FD_PASSING_H_
#define NSINIT_CONFORMANCE_PROBE_FD_PASSING_H_

#include <stddef.h>
#include <sys/types.h>

namespace nsinit::probe {

inline constexpr size_t kMaxReceivedFds = 16;

// One recvmsg(2) of up to `len` bytes into `buf`; the fds that came with it
// (at most kMaxReceivedFds, O_CLOEXEC) go to `fds`, their count to `*nfds`.
// Returns recvmsg's result (-1 with errno on failure). A truncated control
// message's fds are closed, not returned.
ssize_t ReceiveFds(int sock, void* buf, size_t len, int* fds, size_t* nfds);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_FD_PASSING_H_

// What the engine tests (docker_test, containerd_test, podman_test) need on
// the host around the daemons they start: a shell command's exit status and
// output, a monotonic clock for their deadlines, process liveness, and the
// fixed /run/containerd directories containerd 1.6 uses whatever its
// configured state directory.
#ifndef NSINIT_INTEGRATION_ENGINE_HOST_H_
#define NSINIT_INTEGRATION_ENGINE_HOST_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nsinit::integration {

struct Result {
  int code = -1;    // the exit status; -1 when killed or not run
  std::string out;  // stdout and stderr together
};

// Runs `command` with /bin/sh, stderr folded into stdout.
Result Shell(const std::string& command);

// CLOCK_MONOTONIC in milliseconds.
int64_t NowMs();

// `pid` exists (kill(pid, 0)).
bool Alive(pid_t pid);

// Which of containerd's fixed run directories (/run/containerd/s, /fifo,
// /runc and /run/containerd itself) do not exist yet: those a test makes
// happen to exist are the ones it removes at the end (only when empty, so
// nothing of anyone else's is touched).
std::vector<std::string> MissingContainerdRunDirs();

}  // namespace nsinit::integration

#endif  // NSINIT_INTEGRATION_ENGINE_HOST_H_

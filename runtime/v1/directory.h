// The seed's usage: a directory that is a rootfs holding a libcontainer v1
// container.json.
//
//   cd rootfs && nsinit exec /bin/sh     # a new container running sh
//   cd rootfs && nsinit exec ps          # a second process in the same one
//
// While the container runs, DIR/state.json holds its state (its presence
// tells that a container runs from this directory); the first `exec`
// creates the container and stays its parent (parent-death SIGKILL, the v1
// default), later ones join it. When the first process exits, the
// container and state.json go away.
#ifndef NSINIT_RUNTIME_V1_DIRECTORY_H_
#define NSINIT_RUNTIME_V1_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/spec.h"

namespace nsinit {

// True when `dir` holds a container.json.
bool IsV1Directory(const std::string& dir);

// Runs `args` as above; returns the process's exit code. `root` is the
// state root (the container is also registered there, so `nsinit list`,
// `ps`, `pause`... work on it).
absl::StatusOr<int> V1Exec(const std::string& dir, const std::vector<std::string>& args,
                           const std::string& root);

// The v1 config of `dir`, imported (for `nsinit config`).
absl::StatusOr<config::Spec> V1Config(const std::string& dir, const std::vector<std::string>& args);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_V1_DIRECTORY_H_

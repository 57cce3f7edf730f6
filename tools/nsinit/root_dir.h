// The global --root directory, made whole before a container is created.
//
// containerd's runc shim passes `--root /run/containerd/runc/<namespace>`
// and expects the runtime to create every missing component, as runc does
// (os.MkdirAll with mode 0700): the state of every container is below it,
// so it is private to root. Existing components are left as they are.
#ifndef NSINIT_TOOLS_NSINIT_ROOT_DIR_H_
#define NSINIT_TOOLS_NSINIT_ROOT_DIR_H_

#include <string>

#include "absl/status/status.h"

namespace nsinit::cli {

// mkdir -p with mode 0700 for each component it creates. A component that
// exists and is not a directory is an error naming it.
absl::Status MakeRootWhole(const std::string& root);

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_ROOT_DIR_H_

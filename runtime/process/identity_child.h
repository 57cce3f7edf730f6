// The child becomes the container's user: fds 0-2 handed to it, then the
// bounding set, supplementary groups, gid and uid, the configured
// capability sets, and the cwd and umask of process.* (the cwd checked as
// that user).
#ifndef NSINIT_RUNTIME_PROCESS_IDENTITY_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_IDENTITY_CHILD_H_

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// Hands fds 0-2 to the container's user (fchown), as runc and crun do, so a
// process that drops root can still reopen /proc/self/fd/N. Only pipes,
// sockets and regular files: a terminal or /dev/null is left as it is (a
// host tty must not change owner). EINVAL and EPERM (an id the user
// namespace does not map) are passed over.
void HandStdioToUserInChild(const InitPlan& plan);

// Ids and capabilities, then chdir(plan.cwd) and umask(plan.umask).
void SetIdentityInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_IDENTITY_CHILD_H_

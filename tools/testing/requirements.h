// What a test needs from the machine, as statuses whose message is the
// reason to skip (house style 17: a missing need is a skip with its reason,
// never a silent pass). GoogleTest-free so benchmarks can use them; tests
// use SKIP_UNLESS from gtest_skip.h.
#ifndef NSINIT_TOOLS_TESTING_REQUIREMENTS_H_
#define NSINIT_TOOLS_TESTING_REQUIREMENTS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nsinit::testing {

// Effective uid 0.
absl::Status NeedRoot();

// `path` exists and is executable.
absl::Status NeedBinary(absl::string_view path);

// An unprivileged-style user namespace can be created here: tries
// unshare(CLONE_NEWUSER) in a forked child, so sysctls
// (user.max_user_namespaces, kernel.unprivileged_userns_clone), seccomp
// and LSM policy are all accounted for.
absl::Status NeedUserNamespaces();

// A cgroup2 filesystem is mounted at /sys/fs/cgroup (the unified
// hierarchy; statfs magic CGROUP2_SUPER_MAGIC).
absl::Status NeedCgroupV2Mount();

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_REQUIREMENTS_H_

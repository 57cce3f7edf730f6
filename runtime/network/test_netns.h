// Throwaway network namespaces for tests: each test makes its own world
// (interfaces, addresses from 192.0.2.0/24) and never touches the host's.
#ifndef NSINIT_RUNTIME_NETWORK_TEST_NETNS_H_
#define NSINIT_RUNTIME_NETWORK_TEST_NETNS_H_

#include <functional>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::network {

// A new, empty network namespace, held by the returned fd only: it goes
// away (and every virtual interface in it) when the fd is closed. Made by a
// short thread, so no thread of the caller changes namespace.
absl::StatusOr<UniqueFd> NewTestNetns();

// Runs `fn` on a thread that has entered `netns_fd`; returns its errno-style
// result (0 for success).
int RunInNetns(int netns_fd, const std::function<int()>& fn);

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_TEST_NETNS_H_

// libcontainer v1 `networks` and `routes` (container.json), set up by the
// parent while the init waits with its network namespace made:
//   loopback  lo up;
//   veth      a pair made in one step: the host end VETH_PREFIX+random,
//             attached to `bridge`, `mtu`, up; the other end created
//             directly in the container as eth0 with `address`, `mtu`, up,
//             and a default route via `gateway`;
//   netns     nothing here: the import makes the container join the path;
//   routes    destination, source (preferred source address), gateway,
//             interface_name, in the container's namespace.
// Each step is added to the record as it succeeds; the caller undoes the
// record when a later step fails.
#ifndef NSINIT_RUNTIME_NETWORK_V1_NETWORK_H_
#define NSINIT_RUNTIME_NETWORK_V1_NETWORK_H_

#include <string>

#include "absl/status/status.h"
#include "runtime/config/spec.h"
#include "runtime/network/netlink.h"
#include "runtime/network/record.h"

namespace nsinit::network {

// "veth" + 7 random hex digits, the prefix cut so the name fits IFNAMSIZ.
std::string RandomVethName(const std::string& prefix);

absl::Status SetUpV1Network(const config::V1Extras& v1, Netlink& host, Netlink& inside,
                            int container_netns_fd, Record* record, const SaveFn& save);

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_V1_NETWORK_H_

// OCI linux.netDevices (config-linux#network-devices): host interfaces
// moved into the container's network namespace, renamed when `name` is
// given, with their permanent addresses (any family, their scope) and their
// up state kept: the kernel drops addresses and downs a device it moves, so
// they are read before and given back after. On delete each device goes
// back to the runtime's namespace under its host name.
#ifndef NSINIT_RUNTIME_NETWORK_NET_DEVICES_H_
#define NSINIT_RUNTIME_NETWORK_NET_DEVICES_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "runtime/config/spec.h"
#include "runtime/network/netlink.h"
#include "runtime/network/record.h"

namespace nsinit::network {

absl::Status MoveNetDevicesIn(const std::map<std::string, config::NetDevice>& devices,
                              Netlink& host, Netlink& inside, int container_netns_fd,
                              Record* record, const SaveFn& save);

// Moves every recorded device from `inside` to `runtime_netns_fd`, with its
// addresses; tries them all and returns the first failure.
absl::Status MoveNetDevicesBack(const Record& record, Netlink& inside, Netlink& host,
                                int runtime_netns_fd);

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_NET_DEVICES_H_

// Which host node a device is bind-mounted from in a user namespace, where
// mknod is refused (user_namespaces(7)): the node at the configured path
// when it is that device, otherwise the node the kernel names for its
// numbers (/sys/dev/{char,block}/MAJ:MIN/uevent, DEVNAME), so an entry
// whose path does not exist on the host (`/dev/mydev` for 1:3) still gets
// the right device.
#ifndef NSINIT_RUNTIME_PROCESS_DEVICE_SOURCE_H_
#define NSINIT_RUNTIME_PROCESS_DEVICE_SOURCE_H_

#include <string>

#include "absl/status/statusor.h"

namespace nsinit::process {

// `path` is the container path ("/dev/fuse"), `type` 'c' or 'b'. Errors say
// why no host node fits (the caller prefixes the JSON path).
absl::StatusOr<std::string> HostDeviceSource(const std::string& path, char type, unsigned major,
                                             unsigned minor);

// A device path with trailing (and doubled) slashes removed: "/dev/foo/"
// names the node "/dev/foo".
std::string CleanDevicePath(const std::string& path);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_DEVICE_SOURCE_H_

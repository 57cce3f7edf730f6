// What a libcontainer v1 container got without writing it in container.json:
// the mounts set up in every rootfs, the device nodes created in the fresh
// /dev, the device cgroup whitelist and the capability set kept. Values from
// the v1 container specification (see libcontainer-v1-spec-facts.md).
#ifndef NSINIT_RUNTIME_CONFIG_V1_DEFAULTS_H_
#define NSINIT_RUNTIME_CONFIG_V1_DEFAULTS_H_

#include <string>
#include <vector>

#include "runtime/config/spec.h"

namespace nsinit::config {

// /proc, /dev, /dev/shm, /dev/mqueue, /dev/pts, /sys, in mount order.
std::vector<Mount> V1DefaultMounts();

// /dev/null, zero, full, tty, random, urandom, fuse: char devices, 0666.
std::vector<Device> V1DefaultDeviceNodes();

// The device cgroup rules of a v1 container whose config lists none: deny
// all, then mknod of any char/block device, the console, tty0/1, the pty
// slaves, /dev/ptmx, /dev/net/tun, and each default device node.
std::vector<DeviceRule> V1DefaultDeviceRules();

// CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
// SETFCAP, NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD, AUDIT_WRITE, with
// the CAP_ prefix.
std::vector<std::string> V1DefaultCapabilities();

// The paths restrict_sys masks (/proc/sysrq-trigger, /proc/irq, /proc/bus)
// and remounts read-only (/proc/sys, /sys).
std::vector<std::string> V1RestrictSysMaskedPaths();
std::vector<std::string> V1RestrictSysReadonlyPaths();

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_V1_DEFAULTS_H_

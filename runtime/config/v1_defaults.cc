#include "runtime/config/v1_defaults.h"

namespace nsinit::config {

std::vector<Mount> V1DefaultMounts() {
  return {
      {.destination = "/proc",
       .type = "proc",
       .source = "proc",
       .options = {"noexec", "nosuid", "nodev"}},
      {.destination = "/dev",
       .type = "tmpfs",
       .source = "tmpfs",
       .options = {"noexec", "strictatime", "mode=755"}},
      {.destination = "/dev/shm",
       .type = "tmpfs",
       .source = "shm",
       .options = {"noexec", "nosuid", "nodev", "mode=1777", "size=65536k"}},
      {.destination = "/dev/mqueue",
       .type = "mqueue",
       .source = "mqueue",
       .options = {"noexec", "nosuid", "nodev"}},
      {.destination = "/dev/pts",
       .type = "devpts",
       .source = "devpts",
       .options = {"noexec", "nosuid", "newinstance", "ptmxmode=0666", "mode=620", "gid=5"}},
      {.destination = "/sys",
       .type = "sysfs",
       .source = "sysfs",
       .options = {"noexec", "nosuid", "nodev", "ro"}},
  };
}

std::vector<Device> V1DefaultDeviceNodes() {
  auto node = [](const char* path, int64_t major, int64_t minor) {
    return Device{.path = path,
                  .type = 'c',
                  .major = major,
                  .minor = minor,
                  .file_mode = 0666,
                  .uid = 0,
                  .gid = 0};
  };
  return {node("/dev/null", 1, 3),   node("/dev/zero", 1, 5),   node("/dev/full", 1, 7),
          node("/dev/tty", 5, 0),    node("/dev/random", 1, 8), node("/dev/urandom", 1, 9),
          node("/dev/fuse", 10, 229)};
}

std::vector<DeviceRule> V1DefaultDeviceRules() {
  auto allow = [](const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                  const char* access) {
    return DeviceRule{
        .allow = true, .type = type, .major = major, .minor = minor, .access = access};
  };
  std::vector<DeviceRule> rules = {
      DeviceRule{.allow = false, .type = "a", .access = "rwm"},
      allow("c", std::nullopt, std::nullopt, "m"),  // mknod any char device
      allow("b", std::nullopt, std::nullopt, "m"),  // mknod any block device
      allow("c", 5, 1, "rwm"),                      // /dev/console
      allow("c", 4, 0, "rwm"),                      // /dev/tty0
      allow("c", 4, 1, "rwm"),                      // /dev/tty1
      allow("c", 136, std::nullopt, "rwm"),         // /dev/pts/*
      allow("c", 5, 2, "rwm"),                      // /dev/ptmx
      allow("c", 10, 200, "rwm"),                   // /dev/net/tun
  };
  for (const Device& d : V1DefaultDeviceNodes()) {
    rules.push_back(allow("c", d.major, d.minor, "rwm"));
  }
  return rules;
}

std::vector<std::string> V1DefaultCapabilities() {
  return {"CAP_CHOWN",   "CAP_DAC_OVERRIDE",     "CAP_FOWNER",  "CAP_FSETID",
          "CAP_KILL",    "CAP_SETGID",           "CAP_SETUID",  "CAP_SETPCAP",
          "CAP_SETFCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT",
          "CAP_MKNOD",   "CAP_AUDIT_WRITE"};
}

std::vector<std::string> V1RestrictSysMaskedPaths() {
  return {"/proc/sysrq-trigger", "/proc/irq", "/proc/bus"};
}

std::vector<std::string> V1RestrictSysReadonlyPaths() { return {"/proc/sys", "/sys"}; }

}  // namespace nsinit::config

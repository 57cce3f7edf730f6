// DefaultSpec: the container `nsinit spec` writes, the same as `runc spec`
// (runc 1.1.5) and, with `rootless`, `runc spec --rootless`. The test
// default_spec_test compares the two when runc is installed.
#include <sys/resource.h>
#include <unistd.h>

#include "runtime/config/oci_config.h"

namespace nsinit::config {
namespace {

Mount MakeMount(std::string destination, std::string type, std::string source,
                std::vector<std::string> options) {
  Mount m;
  m.destination = std::move(destination);
  m.type = std::move(type);
  m.source = std::move(source);
  m.options = std::move(options);
  return m;
}

}  // namespace

Spec DefaultSpec(bool rootless) {
  Spec spec;
  spec.oci_version = "1.2.0";

  Process p;
  p.terminal = true;
  p.user.uid = 0;
  p.user.gid = 0;
  p.args = {"sh"};
  p.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"};
  p.cwd = "/";
  // The smallest useful set: audit messages, signals within the container,
  // binding ports below 1024. Everything else is opt-in.
  std::vector<std::string> caps = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  p.capabilities = Capabilities{
      .bounding = caps, .effective = caps, .inheritable = {}, .permitted = caps, .ambient = caps};
  p.rlimits = {
      Rlimit{.type = "RLIMIT_NOFILE", .resource = RLIMIT_NOFILE, .soft = 1024, .hard = 1024}};
  p.no_new_privileges = true;
  spec.process = std::move(p);

  spec.root.path = "rootfs";
  spec.root.readonly = true;
  spec.hostname = "runc";

  spec.mounts = {
      MakeMount("/proc", "proc", "proc", {}),
      MakeMount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
      MakeMount("/dev/pts", "devpts", "devpts",
                {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      MakeMount("/dev/shm", "tmpfs", "shm",
                {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
      MakeMount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
      MakeMount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
      MakeMount("/sys/fs/cgroup", "cgroup", "cgroup",
                {"nosuid", "noexec", "nodev", "relatime", "ro"}),
  };

  Linux& l = spec.linux;
  Resources resources;
  // Deny every device by default; the runtime adds the standard nodes.
  resources.devices = {DeviceRule{.allow = false, .type = "a", .access = "rwm"}};
  l.resources = std::move(resources);
  l.namespaces = {{NamespaceType::kPid, ""},
                  {NamespaceType::kNetwork, ""},
                  {NamespaceType::kIpc, ""},
                  {NamespaceType::kUts, ""},
                  {NamespaceType::kMount, ""}};
  l.masked_paths = {"/proc/acpi",        "/proc/asound",        "/proc/kcore",
                    "/proc/keys",        "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug",   "/sys/firmware",
                    "/proc/scsi"};
  l.readonly_paths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};

  if (rootless) {
    // What an unprivileged user can do (runc's specconv.ToRootless): a user
    // namespace mapping root to the caller, no new network namespace (no
    // one to set up its interfaces), sysfs bind-mounted since it cannot be
    // mounted without owning the network namespace, no devpts gid=5 (not
    // mapped), and no cgroup resources (not writable without delegation).
    l.namespaces.erase(l.namespaces.begin() + 1);  // network
    l.namespaces.push_back({NamespaceType::kUser, ""});
    l.uid_mappings = {{.container_id = 0, .host_id = static_cast<uint32_t>(geteuid()), .size = 1}};
    l.gid_mappings = {{.container_id = 0, .host_id = static_cast<uint32_t>(getegid()), .size = 1}};
    for (Mount& m : spec.mounts) {
      if (m.destination == "/dev/pts") {
        std::erase(m.options, "gid=5");
      } else if (m.destination == "/sys") {
        m = MakeMount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"});
      }
    }
    l.resources.reset();
  }
  return spec;
}

}  // namespace nsinit::config

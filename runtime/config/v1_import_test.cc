// ImportV1Config on the libcontainer v1 sample configs (testdata/v1, from
// docker/libcontainer's sample_configs) and on broken v1 fields.
#include "runtime/config/v1_import.h"

#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/testdata.h"

namespace nsinit::config {
namespace {

absl::StatusOr<std::string> Sample(absl::string_view name) {
  return ReadFileToString(RunfilesPath(absl::StrCat("runtime/config/testdata/v1/", name)));
}

TEST(V1ImportTest, AllSamplesImport) {
  absl::StatusOr<std::vector<std::string>> files =
      ListFiles(RunfilesPath("runtime/config/testdata/v1"), ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 5u);
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ImportV1Config(*text, "/srv/rootfs", {"sh"});
    ASSERT_TRUE(spec.ok()) << file << ": " << spec.status();
    // The imported Spec is a valid OCI config too.
    absl::StatusOr<Spec> again = ParseOciConfig(ToOciJson(*spec));
    EXPECT_TRUE(again.ok()) << file << ": " << again.status();
  }
}

TEST(V1ImportTest, MinimalSample) {
  absl::StatusOr<std::string> text = Sample("minimal.json");
  ASSERT_TRUE(text.ok()) << text.status();
  std::vector<std::string> warnings;
  absl::StatusOr<Spec> spec = ImportV1Config(*text, "/srv/rootfs", {"sh", "-c", "id"}, &warnings);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->root.path, "/srv/rootfs");
  EXPECT_EQ(spec->hostname, "koye");
  const Process& p = *spec->process;
  EXPECT_EQ(p.args, (std::vector<std::string>{"sh", "-c", "id"}));
  EXPECT_TRUE(p.terminal);
  EXPECT_EQ(p.cwd, "/");
  // "daemon" is not in the (absent) rootfs passwd: Debian's fixed id 1.
  EXPECT_EQ(p.user.uid, 1u);
  EXPECT_EQ(p.user.gid, 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "user: no \"daemon\" in /srv/rootfs/etc/passwd, using Debian's "
            "fixed uid 1");
  ASSERT_EQ(p.capabilities->bounding.size(), 12u);
  EXPECT_EQ(p.capabilities->bounding[0], "CAP_CHOWN");
  EXPECT_TRUE(p.capabilities->ambient.empty());
  EXPECT_EQ(p.env[0], "HOME=/");

  // Namespaces in config order.
  ASSERT_EQ(spec->linux.namespaces.size(), 5u);
  EXPECT_EQ(spec->linux.namespaces[0].type, NamespaceType::kIpc);
  EXPECT_EQ(spec->linux.namespaces[2].type, NamespaceType::kMount);

  // Default v1 mounts, then the config's tmpfs on /tmp.
  ASSERT_EQ(spec->mounts.size(), 7u);
  EXPECT_EQ(spec->mounts[0].destination, "/proc");
  EXPECT_EQ(spec->mounts[4].destination, "/dev/pts");
  EXPECT_EQ(spec->mounts[6].destination, "/tmp");
  EXPECT_EQ(spec->mounts[6].type, "tmpfs");

  // device_nodes with numeric types and decimal modes.
  ASSERT_EQ(spec->linux.devices.size(), 6u);
  EXPECT_EQ(spec->linux.devices[0].path, "/dev/null");
  EXPECT_EQ(spec->linux.devices[0].type, 'c');
  EXPECT_EQ(spec->linux.devices[0].file_mode, 0666u);
  EXPECT_EQ(spec->linux.devices[3].path, "/dev/tty");
  EXPECT_EQ(spec->linux.devices[3].minor, 0);

  // cgroups: path from parent/name, deny-all then the allowed devices.
  EXPECT_EQ(spec->linux.cgroups_path, "/docker/docker-koye");
  const std::vector<DeviceRule>& rules = spec->linux.resources->devices;
  ASSERT_EQ(rules.size(), 15u);
  EXPECT_FALSE(rules[0].allow);
  EXPECT_EQ(rules[1].type, "c");
  EXPECT_EQ(rules[1].major, std::nullopt);
  EXPECT_EQ(rules[1].access, "m");
  EXPECT_EQ(rules[6].major, 136);
  EXPECT_EQ(rules[6].minor, std::nullopt);

  // restrict_sys and networks.
  EXPECT_EQ(spec->linux.masked_paths,
            (std::vector<std::string>{"/proc/sysrq-trigger", "/proc/irq", "/proc/bus"}));
  EXPECT_EQ(spec->linux.readonly_paths, (std::vector<std::string>{"/proc/sys", "/sys"}));
  ASSERT_TRUE(spec->v1.has_value());
  EXPECT_TRUE(spec->v1->restrict_sys);
  ASSERT_EQ(spec->v1->networks.size(), 1u);
  EXPECT_EQ(spec->v1->networks[0].type, "loopback");
  EXPECT_EQ(spec->v1->networks[0].mtu, 1500);
}

TEST(V1ImportTest, SamplesSpecificFields) {
  absl::StatusOr<std::string> text = Sample("selinux.json");
  ASSERT_TRUE(text.ok());
  absl::StatusOr<Spec> spec = ImportV1Config(*text, "/r", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->process->selinux_label, "system_u:system_r:svirt_lxc_net_t:s0:c164,c475");
  EXPECT_EQ(spec->linux.mount_label, "system_u:system_r:svirt_lxc_net_t:s0:c164,c475");

  text = Sample("apparmor.json");
  ASSERT_TRUE(text.ok());
  spec = ImportV1Config(*text, "/r", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->process->apparmor_profile, "docker-default");

  text = Sample("route_source_address_selection.json");
  ASSERT_TRUE(text.ok());
  spec = ImportV1Config(*text, "/r", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->process->user.uid, 0u);  // No "user": root.
  ASSERT_EQ(spec->v1->routes.size(), 1u);
  EXPECT_EQ(spec->v1->routes[0].interface_name, "eth0");
  EXPECT_EQ(spec->v1->networks[1].bridge, "docker0");
  EXPECT_EQ(spec->v1->networks[1].veth_prefix, "veth");
}

TEST(V1ImportTest, NetnsNetworkJoinsItsPath) {
  const char* json = R"({"namespaces": [{"name": "NEWNS"}, {"name": "NEWNET"}],
      "networks": [{"type": "loopback"}, {"type": "netns", "netns_path": "/run/netns/x"}]})";
  absl::StatusOr<Spec> spec = ImportV1Config(json, "/srv/rootfs", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  bool joined = false;
  for (const Namespace& ns : spec->linux.namespaces) {
    joined |= ns.type == NamespaceType::kNetwork && ns.path == "/run/netns/x";
  }
  EXPECT_TRUE(joined);
  absl::StatusOr<Spec> missing =
      ImportV1Config(R"({"networks": [{"type": "netns"}]})", "/srv/rootfs", {"sh"});
  EXPECT_EQ(missing.status().message(),
            "networks[0]: netns_path: required for a network of type netns");
}

TEST(V1ImportTest, DefaultsWhenSilent) {
  absl::StatusOr<Spec> spec =
      ImportV1Config(R"({"namespaces": [{"name": "NEWNS"}]})", "/r", {"true"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  const Process& p = *spec->process;
  EXPECT_FALSE(p.terminal);
  EXPECT_EQ(p.user.uid, 0u);
  EXPECT_EQ(p.cwd, "/");
  EXPECT_EQ(p.capabilities->bounding.size(), 14u);
  EXPECT_EQ(spec->linux.devices.size(), 7u);  // null ... fuse
  EXPECT_EQ(spec->linux.devices[6].path, "/dev/fuse");
  EXPECT_EQ(spec->linux.resources->devices.size(), 16u);
  EXPECT_TRUE(spec->linux.masked_paths.empty());
}

TEST(V1ImportTest, RlimitsAndCgroupValues) {
  absl::StatusOr<Spec> spec = ImportV1Config(R"({
      "user": "1000:100",
      "working_dir": "/home/u",
      "rlimits": [{"type": 7, "hard": 4096, "soft": 1024}],
      "cgroups": {"name": "c1", "memory": 1048576, "cpu_shares": 512,
                  "cpuset_cpus": "0-1", "cpu_quota": 0}})",
                                             "/r", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->process->user.uid, 1000u);
  EXPECT_EQ(spec->process->user.gid, 100u);
  EXPECT_EQ(spec->process->cwd, "/home/u");
  ASSERT_EQ(spec->process->rlimits.size(), 1u);
  EXPECT_EQ(spec->process->rlimits[0].type, "RLIMIT_NOFILE");
  EXPECT_EQ(spec->process->rlimits[0].resource, RLIMIT_NOFILE);
  EXPECT_EQ(spec->linux.cgroups_path, "/c1");
  EXPECT_EQ(spec->linux.resources->memory->limit, 1048576);
  EXPECT_EQ(spec->linux.resources->memory->swap, std::nullopt);
  EXPECT_EQ(spec->linux.resources->cpu->shares, 512u);
  EXPECT_EQ(spec->linux.resources->cpu->quota, std::nullopt);  // 0 was "unset"
  EXPECT_EQ(spec->linux.resources->cpu->cpus, "0-1");
}

TEST(V1ImportTest, ErrorsNameTheV1Path) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"namespaces": [{"name": "NEWFOO"}]})",
       "namespaces[0].name: unknown namespace \"NEWFOO\", expected NEWNS, "
       "NEWPID, NEWUTS, "
       "NEWIPC, NEWNET or NEWUSER"},
      {R"({"capabilities": ["CHOWN", "FLY"]})", "capabilities[1]: unknown capability \"FLY\""},
      {R"({"mount_config": {"device_nodes": [{"type": "c", "path": "/dev/x"}]}})",
       "mount_config.device_nodes[0].type: expected an integer, got \"c\""},
      {R"({"mount_config": {"device_nodes": [{"type": 120, "path": "/dev/x"}]}})",
       "mount_config.device_nodes[0].type: expected a device type 99 (c), 98 "
       "(b), 97 (a), "
       "117 (u) or 112 (p), got 120"},
      {R"({"mount_config": {"mounts": [{"type": "nfs", "destination": "/x"}]}})",
       "mount_config.mounts[0].type: unknown mount type \"nfs\", expected bind "
       "or tmpfs"},
      {R"({"rlimits": [{"type": 99, "hard": 1, "soft": 1}]})",
       "rlimits[0].type: unknown rlimit resource number 99"},
      {R"({"cgroups": {"memory": "1g"}})", "cgroups.memory: expected an integer, got \"1g\""},
      {R"({"tty": "yes"})", "tty: expected a boolean, got \"yes\""},
      {R"({"user": "nosuchuser"})",
       "user: unknown user name \"nosuchuser\" in user \"nosuchuser\""},
      {R"({"networks": [{"type": "wifi"}]})",
       "networks[0].type: unknown network type \"wifi\", expected loopback, "
       "veth or netns"},
      {R"({"namespaces": [{"name": "NEWUSER"}]})",
       "imported v1 config is not valid: linux.uidMappings: required when a "
       "new user "
       "namespace is created"},
      {R"({"working_dir": "tmp"})",
       "imported v1 config is not valid: process.cwd: must be an absolute "
       "path, got \"tmp\""},
  };
  for (const auto& [json, message] : cases) {
    EXPECT_EQ(ImportV1Config(json, "/r", {"sh"}).status().message(), message) << json;
  }
}

TEST(V1ImportTest, UserNamespaceWithMappings) {
  absl::StatusOr<Spec> spec = ImportV1Config(R"({
      "namespaces": [{"name": "NEWUSER"}, {"name": "NEWNS"}],
      "uid_mappings": [{"container_id": 0, "host_id": 100000, "size": 65536}],
      "gid_mappings": [{"container_id": 0, "host_id": 100000, "size": 65536}]})",
                                             "/r", {"sh"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->linux.uid_mappings[0].host_id, 100000u);
}

}  // namespace
}  // namespace nsinit::config

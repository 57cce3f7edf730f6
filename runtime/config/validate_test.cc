// ValidateSpec on Specs built in code (the parser's tests cover the JSON
// side): each rule, with the path it reports.
#include "runtime/config/validate.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/oci_config.h"

namespace nsinit::config {
namespace {

std::string Check(const Spec& spec) { return std::string(ValidateSpec(spec).message()); }

TEST(ValidateSpecTest, DefaultSpecsAreValid) {
  EXPECT_TRUE(ValidateSpec(DefaultSpec(false)).ok());
  EXPECT_TRUE(ValidateSpec(DefaultSpec(true)).ok());
}

TEST(ValidateSpecTest, RequiresVersionAndRoot) {
  Spec spec = DefaultSpec(false);
  spec.oci_version.clear();
  EXPECT_EQ(Check(spec), "ociVersion: required field is missing");
  spec = DefaultSpec(false);
  spec.root.path.clear();
  EXPECT_EQ(Check(spec), "root.path: required field is missing");
}

TEST(ValidateSpecTest, UserNamespaceNeedsBothMappings) {
  Spec spec = DefaultSpec(true);
  spec.linux.gid_mappings.clear();
  EXPECT_EQ(Check(spec), "linux.gidMappings: required when a new user namespace is created");
  spec.linux.uid_mappings[0].size = 0;
  EXPECT_EQ(Check(spec), "linux.uidMappings[0].size: must be at least 1, got 0");
  // Joining an existing user namespace: its maps are already written.
  spec = DefaultSpec(true);
  spec.linux.uid_mappings.clear();
  spec.linux.gid_mappings.clear();
  spec.linux.namespaces.back().path = "/proc/1/ns/user";
  EXPECT_TRUE(ValidateSpec(spec).ok()) << Check(spec);
}

TEST(ValidateSpecTest, RlimitMustBeResolved) {
  Spec spec = DefaultSpec(false);
  spec.process->rlimits[0].resource = -1;  // Built in code without resolving.
  EXPECT_EQ(Check(spec), "process.rlimits[0].type: unknown rlimit type \"RLIMIT_NOFILE\"");
  spec = DefaultSpec(false);
  spec.process->rlimits.push_back(spec.process->rlimits[0]);
  EXPECT_EQ(Check(spec), "process.rlimits[1].type: duplicate rlimit type \"RLIMIT_NOFILE\"");
}

TEST(ValidateSpecTest, PersonalityHasTwoDomainsAndNoFlags) {
  Spec spec = DefaultSpec(false);
  spec.linux.personality = Personality{.domain = "LINUX32"};
  EXPECT_TRUE(ValidateSpec(spec).ok()) << Check(spec);
  spec.linux.personality->domain = "LINUX";
  EXPECT_TRUE(ValidateSpec(spec).ok()) << Check(spec);
  spec.linux.personality->domain = "SVR4";
  EXPECT_EQ(Check(spec), "linux.personality.domain: expected LINUX or LINUX32, got \"SVR4\"");
  spec.linux.personality->domain.clear();
  EXPECT_EQ(Check(spec), "linux.personality.domain: expected LINUX or LINUX32, got \"\"");
  spec.linux.personality = Personality{.domain = "LINUX", .flags = {"ADDR_NO_RANDOMIZE"}};
  EXPECT_EQ(Check(spec),
            "linux.personality.flags: no personality flag is defined, got \"ADDR_NO_RANDOMIZE\"");
}

TEST(ValidateSpecTest, NetDevicesNeedANetworkNamespaceAndValidNames) {
  Spec spec = DefaultSpec(false);  // has a network namespace
  spec.linux.net_devices["eth1"] = NetDevice{.name = "ctr0"};
  EXPECT_TRUE(ValidateSpec(spec).ok()) << Check(spec);
  spec.linux.net_devices["eth2"] = NetDevice{.name = "ctr0"};
  EXPECT_EQ(Check(spec), "linux.netDevices[\"eth2\"].name: \"ctr0\" is given to two devices");
  spec.linux.net_devices["eth2"].name = "a/b";
  EXPECT_EQ(Check(spec), "linux.netDevices[\"eth2\"].name: not a valid interface name: \"a/b\"");
  spec.linux.net_devices.erase("eth2");
  spec.linux.net_devices["averyveryverylongname"] = {};
  EXPECT_EQ(Check(spec),
            "linux.netDevices[\"averyveryverylongname\"]: not a valid interface name: "
            "\"averyveryverylongname\"");
  spec.linux.net_devices.erase("averyveryverylongname");
  std::erase_if(spec.linux.namespaces,
                [](const Namespace& ns) { return ns.type == NamespaceType::kNetwork; });
  EXPECT_EQ(Check(spec), "linux.netDevices: needs a network namespace in linux.namespaces");
}

TEST(ValidateSpecTest, MountMappingsNeedIdmap) {
  Spec spec = DefaultSpec(false);
  spec.mounts.push_back(Mount{.destination = "/data",
                              .type = "bind",
                              .source = "/srv",
                              .options = {"rbind"},
                              .gid_mappings = {{0, 1000, 10}}});
  size_t i = spec.mounts.size() - 1;
  EXPECT_EQ(Check(spec),
            absl::StrCat("mounts[", i, "].gidMappings: set without the idmap or ridmap option"));
  spec.mounts.back().uid_mappings = {{0, 1000, 10}};
  EXPECT_EQ(Check(spec),
            absl::StrCat("mounts[", i, "].uidMappings: set without the idmap or ridmap option"));
  spec.mounts.back().options.push_back("ridmap");
  EXPECT_TRUE(ValidateSpec(spec).ok()) << Check(spec);
}

TEST(ValidateSpecTest, EnvNeedsAnEqualsSign) {
  Spec spec = DefaultSpec(false);
  spec.process->env.push_back("JUSTKEY");
  EXPECT_EQ(Check(spec), "process.env[2]: expected KEY=value, got \"JUSTKEY\"");
}

TEST(ValidateSpecTest, OomScoreAdjRange) {
  Spec spec = DefaultSpec(false);
  spec.process->oom_score_adj = 1001;
  EXPECT_EQ(Check(spec), "process.oomScoreAdj: must be in -1000..1000, got 1001");
}

TEST(ValidateSpecTest, DeviceRules) {
  Spec spec = DefaultSpec(false);
  spec.linux.resources->devices.push_back({.allow = true, .type = "x", .access = "r"});
  EXPECT_EQ(Check(spec), "linux.resources.devices[1].type: expected one of a, c, b, got \"x\"");
  spec.linux.resources->devices.back().type = "c";
  spec.linux.resources->devices.back().access = "rx";
  EXPECT_EQ(Check(spec),
            "linux.resources.devices[1].access: expected letters of \"rwm\", "
            "got \"rx\"");
}

TEST(ValidateSpecTest, DeviceFileMode) {
  Spec spec = DefaultSpec(false);
  spec.linux.devices.push_back({.path = "/dev/x", .type = 'c', .file_mode = 070000});
  EXPECT_EQ(Check(spec),
            "linux.devices[0].fileMode: must be a permission mode (at most "
            "07777), got 28672");
}

TEST(ValidateSpecTest, BlockIoWeightRange) {
  Spec spec = DefaultSpec(false);
  spec.linux.resources->block_io = BlockIoResources{.weight = 5};
  EXPECT_EQ(Check(spec), "linux.resources.blockIO.weight: must be in 10..1000, got 5");
}

// podman's fileMode is the whole st_mode (020666 for a char device), as
// runc accepts it; other type bits are still refused.
TEST(ValidateSpecTest, DeviceFileModeMayCarryItsOwnFileType) {
  Spec spec = DefaultSpec(false);
  spec.linux.devices.push_back({.path = "/dev/x", .type = 'c', .file_mode = 020666});
  spec.linux.devices.push_back({.path = "/dev/y", .type = 'b', .file_mode = 060660});
  EXPECT_EQ(Check(spec), "");
  spec.linux.devices.push_back({.path = "/dev/z", .type = 'c', .file_mode = 060666});
  EXPECT_EQ(Check(spec),
            "linux.devices[2].fileMode: must be a permission mode (at most 07777), got 25014");
}

// Docker writes 0 for every weight it was not given: "not set" (runc).
TEST(ValidateSpecTest, ZeroBlockIoWeightsMeanNotSet) {
  Spec spec = DefaultSpec(false);
  spec.linux.resources->block_io = BlockIoResources{.weight = 0, .leaf_weight = 0};
  spec.linux.resources->block_io->weight_device.push_back(
      {.major = 8, .minor = 0, .weight = 0, .leaf_weight = 0});
  EXPECT_EQ(Check(spec), "");
}

// -1 in a signed field, read as unsigned, is runc's "not set" too.
TEST(ValidateSpecTest, SwappinessMinusOneMeansNotSet) {
  Spec spec = DefaultSpec(false);
  spec.linux.resources->memory = MemoryResources{.swappiness = ~uint64_t{0}};
  EXPECT_EQ(Check(spec), "");
  spec.linux.resources->memory->swappiness = 101;
  EXPECT_EQ(Check(spec), "linux.resources.memory.swappiness: must be at most 100, got 101");
}

TEST(ValidateSpecTest, ListenerMetadataNeedsAListenerPath) {
  Spec spec = DefaultSpec(false);
  spec.linux.seccomp = Seccomp{.default_action = "SCMP_ACT_ALLOW", .listener_metadata = "m"};
  EXPECT_EQ(Check(spec), "linux.seccomp.listenerMetadata: given without listenerPath");
  spec.linux.seccomp->listener_path = "/run/listener.sock";
  spec.linux.seccomp->default_action = "SCMP_ACT_NOTIFY";
  EXPECT_EQ(Check(spec), "");
}

TEST(ValidateSpecTest, ListenerPathNeedsANotifyAction) {
  Spec spec = DefaultSpec(false);
  spec.linux.seccomp = Seccomp{.default_action = "SCMP_ACT_ALLOW",
                               .listener_path = "/run/listener.sock",
                               .syscalls = {{.names = {"mount"}, .action = "SCMP_ACT_ERRNO"}}};
  EXPECT_EQ(Check(spec),
            "linux.seccomp.listenerPath: set, but no action is SCMP_ACT_NOTIFY: nothing would "
            "ever be sent to it");
  spec.linux.seccomp->syscalls[0].action = "SCMP_ACT_NOTIFY";
  EXPECT_EQ(Check(spec), "");
}

TEST(ValidateSpecTest, RootfsPropagationTakesRecursiveForms) {
  Spec spec = DefaultSpec(false);
  for (const char* value : {"private", "rprivate", "shared", "rshared", "slave", "rslave",
                            "unbindable", "runbindable"}) {
    spec.linux.rootfs_propagation = value;
    EXPECT_EQ(Check(spec), "") << value;
  }
  spec.linux.rootfs_propagation = "rshard";
  EXPECT_NE(Check(spec), "");
}

TEST(ValidateSpecTest, SeccompNotifyNeedsAListener) {
  Spec spec = DefaultSpec(false);
  spec.linux.seccomp = Seccomp{.default_action = "SCMP_ACT_ALLOW",
                               .syscalls = {{.names = {"mount"}, .action = "SCMP_ACT_NOTIFY"}}};
  EXPECT_EQ(Check(spec), "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY");
  spec.linux.seccomp->syscalls[0].action = "SCMP_ACT_ERRNO";
  spec.linux.seccomp->flags = {"SECCOMP_FILTER_FLAG_NOPE"};
  EXPECT_EQ(Check(spec),
            "linux.seccomp.flags[0]: unknown seccomp flag "
            "\"SECCOMP_FILTER_FLAG_NOPE\"");
  spec.linux.seccomp->flags.clear();
  spec.linux.seccomp->syscalls[0].args = {{.index = 6, .op = "SCMP_CMP_EQ"}};
  EXPECT_EQ(Check(spec), "linux.seccomp.syscalls[0].args[0].index: must be in 0..5, got 6");
}

TEST(ValidateSpecTest, TimeOffsetClocks) {
  Spec spec = DefaultSpec(false);
  spec.linux.namespaces.push_back({NamespaceType::kTime, ""});
  spec.linux.time_offsets["realtime"] = {};
  EXPECT_EQ(Check(spec),
            "linux.timeOffsets.realtime: unknown clock \"realtime\", expected "
            "monotonic or "
            "boottime");
}

}  // namespace
}  // namespace nsinit::config

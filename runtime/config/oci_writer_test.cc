// ToOciJson round-trips through ParseOciConfig to an equal Spec.
#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/testdata.h"

namespace nsinit::config {
namespace {

void ExpectRoundTrip(const Spec& spec) {
  std::string json = ToOciJson(spec);
  absl::StatusOr<Spec> again = ParseOciConfigForKernel(json, LastKnownCapability());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << json;
  EXPECT_TRUE(*again == spec) << json;
  // Writing is deterministic: a second trip gives the same text.
  EXPECT_EQ(ToOciJson(*again), json);
}

TEST(OciWriterTest, SchemaExamplesRoundTrip) {
  for (absl::string_view name :
       {"spec-example.json", "minimal.json", "minimal-for-start.json", "linux-rdma.json"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<std::string> text = ReadFileToString(
        RunfilesPath(absl::StrCat("runtime/config/testdata/oci_schema/good/", name)));
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ParseOciConfigForKernel(*text, LastKnownCapability());
    ASSERT_TRUE(spec.ok()) << spec.status();
    ExpectRoundTrip(*spec);
  }
}

TEST(OciWriterTest, DefaultSpecsRoundTrip) {
  ExpectRoundTrip(DefaultSpec(false));
  ExpectRoundTrip(DefaultSpec(true));
}

TEST(OciWriterTest, EveryFieldRoundTrips) {
  Spec spec = DefaultSpec(false);
  spec.domainname = "example.test";
  spec.annotations["org.example.k"] = "v";
  Process& p = *spec.process;
  p.console_size = ConsoleSize{.height = 24, .width = 80};
  p.user.umask = 022;
  p.user.additional_gids = {10, 20};
  p.capabilities->inheritable = {"CAP_CHOWN"};
  p.rlimits.push_back({.type = "RLIMIT_CORE", .resource = RLIMIT_CORE, .soft = 0, .hard = 7});
  p.apparmor_profile = "prof";
  p.oom_score_adj = -500;
  p.selinux_label = "label";
  spec.mounts.push_back(Mount{.destination = "/data",
                              .type = "bind",
                              .source = "/srv/data",
                              .options = {"rbind", "ro", "idmap"},
                              .uid_mappings = {{0, 1000, 10}},
                              .gid_mappings = {{0, 1000, 10}}});
  spec.hooks.prestart = {{.path = "/bin/a", .args = {"a"}, .env = {"X=1"}, .timeout = 3}};
  spec.hooks.create_runtime = {{.path = "/bin/b"}};
  spec.hooks.create_container = {{.path = "/bin/c"}};
  spec.hooks.start_container = {{.path = "/bin/d"}};
  spec.hooks.poststart = {{.path = "/bin/e"}};
  spec.hooks.poststop = {{.path = "/bin/f"}};
  Linux& l = spec.linux;
  l.namespaces.push_back({NamespaceType::kUser, ""});
  l.namespaces.push_back({NamespaceType::kCgroup, "/proc/1/ns/cgroup"});
  l.namespaces.push_back({NamespaceType::kTime, ""});
  l.uid_mappings = {{0, 100000, 65536}};
  l.gid_mappings = {{0, 100000, 65536}};
  l.time_offsets["monotonic"] = {.secs = -5, .nanosecs = 7};
  l.devices = {{.path = "/dev/fuse",
                .type = 'c',
                .major = 10,
                .minor = 229,
                .file_mode = 0666,
                .uid = 0,
                .gid = 0},
               {.path = "/dev/fifo", .type = 'p'}};
  l.cgroups_path = "/nsinit/test";
  Resources& r = *l.resources;
  r.devices.push_back(
      {.allow = true, .type = "c", .major = 1, .minor = std::nullopt, .access = "rw"});
  r.memory = MemoryResources{.limit = 1 << 30,
                             .reservation = 1 << 29,
                             .swap = -1,
                             .kernel = -1,
                             .kernel_tcp = 5,
                             .swappiness = 60,
                             .disable_oom_killer = false,
                             .use_hierarchy = true,
                             .check_before_update = true};
  r.cpu = CpuResources{.shares = 1024,
                       .quota = -1,
                       .burst = 5,
                       .period = 100000,
                       .realtime_runtime = 9,
                       .realtime_period = 10,
                       .cpus = "0-1",
                       .mems = "0",
                       .idle = 1};
  r.pids = PidsResources{.limit = -1};
  r.block_io =
      BlockIoResources{.weight = 500,
                       .leaf_weight = 100,
                       .weight_device = {{.major = 8, .minor = 0, .weight = 200}},
                       .throttle_read_bps_device = {{.major = 8, .minor = 0, .rate = 1}},
                       .throttle_write_bps_device = {{.major = 8, .minor = 1, .rate = 2}},
                       .throttle_read_iops_device = {{.major = 8, .minor = 2, .rate = 3}},
                       .throttle_write_iops_device = {{.major = 8, .minor = 3, .rate = 4}}};
  r.hugepage_limits = {{.page_size = "2MB", .limit = 1 << 21}};
  r.network = NetworkResources{.class_id = 7, .priorities = {{"eth0", 3}}};
  r.unified["memory.high"] = "max";
  r.rdma["mlx5_0"] = RdmaLimit{.hca_handles = 2};
  l.rootfs_propagation = "slave";
  l.seccomp = Seccomp{
      .default_action = "SCMP_ACT_ERRNO",
      .default_errno_ret = 1,
      .architectures = {"SCMP_ARCH_X86_64"},
      .flags = {"SECCOMP_FILTER_FLAG_LOG"},
      .listener_path = "/run/l.sock",
      .listener_metadata = "meta",
      .syscalls = {
          {.names = {"read", "write"}, .action = "SCMP_ACT_ERRNO", .errno_ret = 38},
          {.names = {"personality"},
           .action = "SCMP_ACT_NOTIFY",
           .args = {{.index = 0, .value = 8, .value_two = 9, .op = "SCMP_CMP_MASKED_EQ"}}}}};
  l.sysctl["net.ipv4.ip_forward"] = "1";
  l.mount_label = "mlabel";
  l.personality = Personality{.domain = "LINUX32"};
  ExpectRoundTrip(spec);
}

}  // namespace
}  // namespace nsinit::config

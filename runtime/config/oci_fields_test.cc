// The OCI field lists against the model (spec.h):
//  - every member of every struct the lists reach is in a list (members
//    enumerated by aggregate initialization and structured bindings, so a
//    member added to spec.h and forgotten here fails);
//  - the sample Spec sets every listed member to a non-default value, so
//  - a field the writer drops or the reader skips fails the round trip,
//    which names it.
#include "runtime/config/oci_fields.h"

#include <sys/resource.h>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/json_fields.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/oci_config.h"

namespace nsinit::config {
// Outside the anonymous namespace: AnyMember's conversion is declared and
// never defined (it is only named in unevaluated requires-expressions),
// which clang's -Wundefined-internal refuses for internal linkage.
namespace member_count {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Converts to any member type. Not to std::optional: its converting
// constructor already takes AnyMember, and both would be ambiguous.
struct AnyMember {
  template <typename T>
  requires(!IsOptional<T>::value) operator T() const;  // unevaluated use only
};

}  // namespace member_count

namespace {

// ---- The members of an aggregate, as far as C++20 can enumerate them.

using member_count::AnyMember;
using member_count::IsOptional;

template <typename T, size_t... I>
constexpr bool InitializableWith(std::index_sequence<I...>) {
  return requires { T{(void(I), AnyMember{})...}; };
}

// The number of members: the most initializers T{...} accepts.
template <typename T, size_t N = 0>
constexpr size_t MemberCount() {
  if constexpr (InitializableWith<T>(std::make_index_sequence<N + 1>())) {
    return MemberCount<T, N + 1>();
  } else {
    return N;
  }
}

// The addresses of t's members in declaration order. A wrong count would not
// compile: structured bindings must name every member.
template <typename T>
std::vector<const void*> MemberAddresses(const T& t) {
  constexpr size_t kCount = MemberCount<T>();
  static_assert(kCount >= 1 && kCount <= 16, "extend MemberAddresses");
  // clang-format off
  if constexpr (kCount == 1) { const auto& [a] = t; return {&a}; }
  else if constexpr (kCount == 2) { const auto& [a, b] = t; return {&a, &b}; }
  else if constexpr (kCount == 3) { const auto& [a, b, c] = t; return {&a, &b, &c}; }
  else if constexpr (kCount == 4) { const auto& [a, b, c, d] = t; return {&a, &b, &c, &d}; }
  else if constexpr (kCount == 5) {
    const auto& [a, b, c, d, e] = t; return {&a, &b, &c, &d, &e};
  } else if constexpr (kCount == 6) {
    const auto& [a, b, c, d, e, f] = t; return {&a, &b, &c, &d, &e, &f};
  } else if constexpr (kCount == 7) {
    const auto& [a, b, c, d, e, f, g] = t; return {&a, &b, &c, &d, &e, &f, &g};
  } else if constexpr (kCount == 8) {
    const auto& [a, b, c, d, e, f, g, h] = t; return {&a, &b, &c, &d, &e, &f, &g, &h};
  } else if constexpr (kCount == 9) {
    const auto& [a, b, c, d, e, f, g, h, i] = t; return {&a, &b, &c, &d, &e, &f, &g, &h, &i};
  } else if constexpr (kCount == 10) {
    const auto& [a, b, c, d, e, f, g, h, i, j] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j};
  } else if constexpr (kCount == 11) {
    const auto& [a, b, c, d, e, f, g, h, i, j, k] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k};
  } else if constexpr (kCount == 12) {
    const auto& [a, b, c, d, e, f, g, h, i, j, k, l] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l};
  } else if constexpr (kCount == 13) {
    const auto& [a, b, c, d, e, f, g, h, i, j, k, l, m] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, &m};
  } else if constexpr (kCount == 14) {
    const auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, n] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, &m, &n};
  } else if constexpr (kCount == 15) {
    const auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, &m, &n, &o};
  } else {
    const auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = t;
    return {&a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, &m, &n, &o, &p};
  }
  // clang-format on
}

// Sanity of the enumeration itself on structs of known shape.
static_assert(MemberCount<IdMapping>() == 3);
static_assert(MemberCount<Rlimit>() == 4);

// ---- A Spec with every listed member set to a value that is not its default.

Hook SampleHook(absl::string_view name) {
  return Hook{.path = absl::StrCat("/bin/", name),
              .args = {std::string(name)},
              .env = {"HOOK=1"},
              .timeout = 5};
}

Spec EveryFieldSet() {
  Spec spec;
  spec.oci_version = "1.2.0";
  spec.process =
      Process{.terminal = true,
              .console_size = ConsoleSize{.height = 24, .width = 80},
              .user = {.uid = 1, .gid = 2, .umask = 022, .additional_gids = {3}},
              .args = {"sh"},
              .env = {"A=1"},
              .cwd = "/work",
              .capabilities = Capabilities{.bounding = {"CAP_CHOWN"},
                                           .effective = {"CAP_KILL"},
                                           .inheritable = {"CAP_SETUID"},
                                           .permitted = {"CAP_SETGID"},
                                           .ambient = {"CAP_NET_RAW"}},
              .rlimits = {{.type = "RLIMIT_CORE", .resource = RLIMIT_CORE, .soft = 1, .hard = 2}},
              .no_new_privileges = true,
              .apparmor_profile = "profile",
              .oom_score_adj = -500,
              .selinux_label = "label",
              .io_priority = IoPriority{.io_class = "IOPRIO_CLASS_BE", .priority = 4},
              .scheduler = Scheduler{.policy = "SCHED_BATCH",
                                     .nice = 5,
                                     .priority = 1,
                                     .flags = {"SCHED_FLAG_RESET_ON_FORK"},
                                     .runtime = 10,
                                     .deadline = 20,
                                     .period = 30},
              .exec_cpu_affinity = ExecCpuAffinity{.initial = "0-1", .final = "2"}};
  spec.root = {.path = "/rootfs", .readonly = true};
  spec.hostname = "host";
  spec.domainname = "example.test";
  spec.mounts = {{.destination = "/data",
                  .type = "bind",
                  .source = "/srv/data",
                  .options = {"rbind"},
                  .uid_mappings = {{1, 1000, 10}},
                  .gid_mappings = {{2, 2000, 20}}}};
  spec.hooks = {.prestart = {SampleHook("a")},
                .create_runtime = {SampleHook("b")},
                .create_container = {SampleHook("c")},
                .start_container = {SampleHook("d")},
                .poststart = {SampleHook("e")},
                .poststop = {SampleHook("f")}};
  spec.annotations = {{"org.example.key", "value"}};

  Linux& l = spec.linux;
  l.namespaces = {{NamespaceType::kUser, "/proc/1/ns/user"}};
  l.uid_mappings = {{1, 100000, 65536}};
  l.gid_mappings = {{2, 200000, 65536}};
  l.time_offsets = {{"monotonic", {.secs = -5, .nanosecs = 7}}};
  l.devices = {{.path = "/dev/sda",
                .type = 'b',
                .major = 8,
                .minor = 1,
                .file_mode = 0660,
                .uid = 1,
                .gid = 2}};
  l.cgroups_path = "/nsinit/test";
  l.resources = Resources{
      .devices = {{.allow = true, .type = "c", .major = 1, .minor = 3, .access = "rw"}},
      .memory = MemoryResources{.limit = 1 << 30,
                                .reservation = 1 << 29,
                                .swap = -1,
                                .kernel = -1,
                                .kernel_tcp = 5,
                                .swappiness = 60,
                                .disable_oom_killer = false,
                                .use_hierarchy = true,
                                .check_before_update = true},
      .cpu = CpuResources{.shares = 1024,
                          .quota = -1,
                          .burst = 5,
                          .period = 100000,
                          .realtime_runtime = 9,
                          .realtime_period = 10,
                          .cpus = "0-1",
                          .mems = "0",
                          .idle = 1},
      .pids = PidsResources{.limit = 100},
      .block_io =
          BlockIoResources{
              .weight = 500,
              .leaf_weight = 100,
              .weight_device = {{.major = 8, .minor = 1, .weight = 200, .leaf_weight = 50}},
              .throttle_read_bps_device = {{.major = 8, .minor = 2, .rate = 1}},
              .throttle_write_bps_device = {{.major = 8, .minor = 3, .rate = 2}},
              .throttle_read_iops_device = {{.major = 8, .minor = 4, .rate = 3}},
              .throttle_write_iops_device = {{.major = 8, .minor = 5, .rate = 4}}},
      .hugepage_limits = {{.page_size = "2MB", .limit = 1 << 21}},
      .network = NetworkResources{.class_id = 7, .priorities = {{"eth0", 3}}},
      .unified = {{"memory.high", "max"}},
      .rdma = {{"mlx5_0", RdmaLimit{.hca_handles = 2, .hca_objects = 3}}}};
  l.rootfs_propagation = "slave";
  l.seccomp = Seccomp{
      .default_action = "SCMP_ACT_ERRNO",
      .default_errno_ret = 1,
      .architectures = {"SCMP_ARCH_X86_64"},
      .flags = {"SECCOMP_FILTER_FLAG_LOG"},
      .listener_path = "/run/listener.sock",
      .listener_metadata = "metadata",
      .syscalls = {
          {.names = {"personality"},
           .action = "SCMP_ACT_ERRNO",
           .errno_ret = 38,
           .args = {{.index = 1, .value = 8, .value_two = 9, .op = "SCMP_CMP_MASKED_EQ"}}}}};
  l.sysctl = {{"net.ipv4.ip_forward", "1"}};
  l.masked_paths = {"/proc/kcore"};
  l.readonly_paths = {"/proc/sys"};
  l.mount_label = "mount_label";
  // No personality flag is defined yet, so ValidateSpec refuses any: this
  // round trip reads without validation.
  l.personality = Personality{.domain = "LINUX32", .flags = {"FLAG"}};
  l.net_devices = {{"eth1", NetDevice{.name = "ceth1"}}};
  l.memory_policy =
      MemoryPolicy{.mode = "MPOL_BIND", .nodes = "0-1", .flags = {"MPOL_F_STATIC_NODES"}};
  return spec;
}

// Reads config.json text along the lists, without ValidateSpec.
absl::StatusOr<Spec> ReadBack(const std::string& json) {
  rapidjson::Document doc;
  if (absl::Status s = ParseJsonDocument(json, &doc); !s.ok()) return s;
  OciReadContext ctx{.kernel_last_cap = LastKnownCapability()};
  Spec spec;
  if (absl::Status s = ReadFields<JsonFields<Spec>>(JsonNode(doc, ""), &spec, ctx); !s.ok()) {
    return s;
  }
  return spec;
}

// The JSON path of a list entry, or its place in the list when it has none.
template <typename Entry>
std::string EntryPath(const std::string& path, const Entry& entry, size_t index) {
  if (entry.name.empty()) return absl::StrCat(path, " (list entry ", index, ")");
  return JsonMemberPath(path, absl::string_view(entry.name.data(), entry.name.size()));
}

// Fails for every listed member of `spec` (and of every object in it) that
// holds its default value.
void ExpectEveryListedMemberSet(const Spec& spec, absl::string_view when) {
  auto visit = [&](auto fields, const auto& object, const std::string& path) {
    size_t index = 0;
    auto check = [&](const auto& entry) {
      if (entry.HasDefaultValue(object)) {
        ADD_FAILURE() << EntryPath(path, entry, index) << " is at its default " << when;
      }
      ++index;
    };
    std::apply([&](const auto&... entry) { (check(entry), ...); }, decltype(fields)::kFields);
  };
  VisitObjects<ObjectCodec<JsonFields<Spec>>>(spec, "", visit);
}

TEST(OciFieldsTest, TheSampleSetsEveryListedMember) {
  ExpectEveryListedMemberSet(EveryFieldSet(), "in the sample");
}

TEST(OciFieldsTest, EveryMemberOfEveryStructIsListed) {
  struct Coverage {
    std::string seen_at;
    std::set<ptrdiff_t> members;  // offsets, in declaration order
    std::set<ptrdiff_t> listed;
  };
  std::map<std::type_index, Coverage> structs;
  auto visit = [&](auto fields, const auto& object, const std::string& path) {
    Coverage& c = structs[std::type_index(typeid(object))];
    if (c.seen_at.empty()) c.seen_at = path.empty() ? "(the top level)" : path;
    const char* base = reinterpret_cast<const char*>(&object);
    for (const void* member : MemberAddresses(object)) {
      c.members.insert(static_cast<const char*>(member) - base);
    }
    std::apply(
        [&](const auto&... entry) {
          for (const void* listed : {entry.Address(object)...}) {
            if (listed != nullptr) c.listed.insert(static_cast<const char*>(listed) - base);
          }
        },
        decltype(fields)::kFields);
  };
  Spec spec = EveryFieldSet();
  VisitObjects<ObjectCodec<JsonFields<Spec>>>(spec, "", visit);

  // The 35 structs of oci_fields.h (BlockIoDevice through two lists): the
  // sample reaches them all.
  EXPECT_EQ(structs.size(), 35u);
  for (const auto& [type, c] : structs) {
    size_t index = 0;
    for (ptrdiff_t member : c.members) {
      EXPECT_TRUE(c.listed.count(member))
          << "the struct at " << c.seen_at << ": member " << index + 1 << " of " << c.members.size()
          << " is in no field list";
      ++index;
    }
    for (ptrdiff_t listed : c.listed) {
      EXPECT_TRUE(c.members.count(listed)) << c.seen_at << ": a listed address is no member";
    }
  }
}

TEST(OciFieldsTest, EveryFieldRoundTrips) {
  Spec spec = EveryFieldSet();
  std::string json = ToOciJson(spec);
  absl::StatusOr<Spec> again = ReadBack(json);
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << json;
  // A member the writer drops or the reader skips comes back as its default:
  // named here, then caught whole by the comparison.
  ExpectEveryListedMemberSet(*again, "after ToOciJson and reading back");
  EXPECT_TRUE(*again == spec) << json;
  EXPECT_EQ(ToOciJson(*again), json);
}

// kReadFirst keeps the order the parser has always checked fields in, so a
// config with two broken fields reports the same one.
TEST(OciFieldsTest, ReadFirstDecidesWhichBrokenFieldIsReported) {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {R"({"process": 1, "root": 2})", "root: expected an object, got 2"},
      {R"({"process": {"cwd": "/", "rlimits": )"
       R"([{"type": "RLIMIT_CORE", "hard": "h", "soft": "s"}]}})",
       R"(process.rlimits[0].soft: expected an unsigned integer, got "s")"},
      {R"({"linux": {"devices": [{}]}})", "linux.devices[0].type: required field is missing"},
      {R"({"linux": {"uidMappings": 1, "namespaces": 2}})",
       "linux.namespaces: expected an array, got 2"},
      {R"({"linux": {"intelRdt": {}, "memoryPolicy": 1}})",
       "linux.memoryPolicy: expected an object, got 1"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReadBack(c.json).status().message(), c.message) << c.json;
  }
}

TEST(OciFieldsTest, SpecialCodecsSayWhatIsWrong) {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {R"({"linux": {"namespaces": [{"type": "net"}]}})",
       R"(linux.namespaces[0].type: unknown namespace type "net")"},
      {R"({"linux": {"devices": [{"type": "cc", "path": "/dev/x"}]}})",
       R"(linux.devices[0].type: expected one of c, b, u, p, got "cc")"},
      {R"({"process": {"cwd": "/", "rlimits": [{"type": "RLIMIT_X", "hard": 1, "soft": 1}]}})",
       R"(process.rlimits[0].type: unknown rlimit type "RLIMIT_X")"},
      {R"({"process": {"cwd": "/", "capabilities": {"ambient": ["CAP_X"]}}})",
       R"(process.capabilities.ambient[0]: unknown capability "CAP_X")"},
      {R"({"linux": {"seccomp": {"defaultAction": "a", )"
       R"("syscalls": [{"names": [], "action": "a"}]}}})",
       "linux.seccomp.syscalls[0].names: must name at least one syscall"},
      {R"({"linux": {"intelRdt": {}}})",
       "linux.intelRdt: Intel RDT (resctrl) is not supported by nsinit"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReadBack(c.json).status().message(), c.message) << c.json;
  }
}

TEST(OciFieldsTest, PidsWithoutALimitIsNotWritten) {
  Spec spec;
  spec.linux.resources = Resources{.pids = PidsResources{}};
  std::string json = ToOciJson(spec);
  EXPECT_EQ(json.find("pids"), std::string::npos) << json;
  spec.linux.resources->pids->limit = 5;
  EXPECT_NE(ToOciJson(spec).find("\"pids\""), std::string::npos);
}

}  // namespace
}  // namespace nsinit::config

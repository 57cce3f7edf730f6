// The OCI config.json field lists: each struct of the typed model (spec.h)
// described once, in the order `runc spec` writes its members. The parser
// (oci_config.cc) reads along these lists and the writer (oci_writer.cc)
// writes along them (json_fields.h), so every member read is also written.
//
// What JSON's types alone do not say stays here as codecs, next to the
// field they serve: capability names (unknown ones refused, ones the running
// kernel lacks dropped with a warning), rlimit, namespace and device types,
// a syscall rule's non-empty names, and linux.resources.pids (written only
// with its limit). Rules on meaning (absolute paths, known seccomp actions)
// are ValidateSpec's (validate.h), run after reading.
//
// kReadFirst keeps the order in which the parser has always checked a few
// members, so a config with several broken fields still reports the same
// one: a device `{}` is "type: required field is missing", not "path: ...".
#ifndef NSINIT_RUNTIME_CONFIG_OCI_FIELDS_H_
#define NSINIT_RUNTIME_CONFIG_OCI_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "runtime/config/json_fields.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

// What reading needs to know about the running kernel.
struct OciReadContext {
  int kernel_last_cap = 0;
  std::vector<std::string>* warnings = nullptr;  // may be null
};

// ---- Codecs of the fields whose JSON says more than its type.

// process.capabilities.<set>: "CAP_*" names. An unknown name is an error; a
// name beyond the running kernel's last capability is dropped with a
// warning, as the runtime-spec asks ("Any value which cannot be mapped to a
// relevant kernel interface ... MUST be logged as a warning and otherwise
// ignored").
struct CapabilityListCodec : ListCodec<ValueCodec> {
  static absl::Status Read(const JsonNode& node, std::vector<std::string>* out,
                           OciReadContext& ctx);
};

// process.rlimits[].type: a known RLIMIT_* name (Rlimit::resource is derived
// from it).
struct RlimitTypeCodec : ValueCodec {
  static absl::Status Read(const JsonNode& node, std::string* out, OciReadContext&);
};
int RlimitResource(const Rlimit& rlimit);

// linux.namespaces[].type: "pid", "network", ...
struct NamespaceTypeCodec {
  static absl::Status Read(const JsonNode& node, NamespaceType* out, OciReadContext&);
  static void Write(JsonWriter& w, NamespaceType type);
};

// linux.devices[].type: one of c, b, u, p.
struct DeviceTypeCodec {
  static absl::Status Read(const JsonNode& node, char* out, OciReadContext&);
  static void Write(JsonWriter& w, char type);
};

// linux.seccomp.syscalls[].names: at least one.
struct SyscallNamesCodec : ListCodec<ValueCodec> {
  static absl::Status Read(const JsonNode& node, std::vector<std::string>* out,
                           OciReadContext& ctx);
  static bool Omit(const std::vector<std::string>& names) { return names.empty(); }
};

// linux.resources.pids: limit is required, so "pids" is written only with it.
struct PidsCodec : OptionalCodec<ObjectCodec<JsonFields<PidsResources>>> {
  static bool Omit(const std::optional<PidsResources>& pids) {
    return !pids.has_value() || !pids->limit.has_value();
  }
};

// The lists, one entry a line (a table: clang-format would pack them).
// clang-format off
// ---- The top level, process, mounts, hooks.

template <>
struct JsonFields<IdMapping> {
  static constexpr auto kFields = std::tuple(
      Field("containerID", &IdMapping::container_id, kRequired),
      Field("hostID", &IdMapping::host_id, kRequired),
      Field("size", &IdMapping::size, kRequired));
};

template <>
struct JsonFields<User> {
  static constexpr auto kFields = std::tuple(
      Field("uid", &User::uid, kWritten),
      Field("gid", &User::gid, kWritten),
      Field("umask", &User::umask),
      Field("additionalGids", &User::additional_gids));
};

template <>
struct JsonFields<Rlimit> {
  static constexpr auto kFields = std::tuple(
      Field<RlimitTypeCodec>("type", &Rlimit::type, kRequired),
      Derived(&Rlimit::resource, &RlimitResource),
      Field("hard", &Rlimit::hard, kRequired),
      Field("soft", &Rlimit::soft, kRequired));
  static constexpr std::string_view kReadFirst[] = {"type", "soft"};
};

template <>
struct JsonFields<Capabilities> {
  static constexpr auto kFields = std::tuple(
      Field<CapabilityListCodec>("bounding", &Capabilities::bounding),
      Field<CapabilityListCodec>("effective", &Capabilities::effective),
      Field<CapabilityListCodec>("inheritable", &Capabilities::inheritable),
      Field<CapabilityListCodec>("permitted", &Capabilities::permitted),
      Field<CapabilityListCodec>("ambient", &Capabilities::ambient));
};

template <>
struct JsonFields<ConsoleSize> {
  static constexpr auto kFields = std::tuple(
      Field("height", &ConsoleSize::height, kRequired),
      Field("width", &ConsoleSize::width, kRequired));
};

template <>
struct JsonFields<IoPriority> {
  static constexpr auto kFields = std::tuple(
      Field("class", &IoPriority::io_class, kRequired),
      Field("priority", &IoPriority::priority, kWritten));
};

template <>
struct JsonFields<Scheduler> {
  static constexpr auto kFields = std::tuple(
      Field("policy", &Scheduler::policy, kRequired),
      Field("nice", &Scheduler::nice, kWritten),
      Field("priority", &Scheduler::priority, kWritten),
      Field("flags", &Scheduler::flags),
      Field("runtime", &Scheduler::runtime, kWritten),
      Field("deadline", &Scheduler::deadline, kWritten),
      Field("period", &Scheduler::period, kWritten));
};

template <>
struct JsonFields<ExecCpuAffinity> {
  static constexpr auto kFields = std::tuple(
      Field("initial", &ExecCpuAffinity::initial),
      Field("final", &ExecCpuAffinity::final));
};

template <>
struct JsonFields<Process> {
  static constexpr auto kFields = std::tuple(
      Field("terminal", &Process::terminal),
      Field("consoleSize", &Process::console_size),
      Field("user", &Process::user, kWritten),
      Field("args", &Process::args),
      Field("env", &Process::env),
      // The schema makes cwd required: a process without one is an error
      // rather than silently "/".
      Field("cwd", &Process::cwd, kRequired),
      Field("capabilities", &Process::capabilities),
      Field("rlimits", &Process::rlimits),
      Field("noNewPrivileges", &Process::no_new_privileges),
      Field("apparmorProfile", &Process::apparmor_profile),
      Field("oomScoreAdj", &Process::oom_score_adj),
      Field("selinuxLabel", &Process::selinux_label),
      Field("ioPriority", &Process::io_priority),
      Field("scheduler", &Process::scheduler),
      Field("execCPUAffinity", &Process::exec_cpu_affinity));
};

template <>
struct JsonFields<Root> {
  static constexpr auto kFields = std::tuple(
      Field("path", &Root::path, kRequired),
      Field("readonly", &Root::readonly));
};

template <>
struct JsonFields<Mount> {
  static constexpr auto kFields = std::tuple(
      Field("destination", &Mount::destination, kRequired),
      Field("type", &Mount::type),
      Field("source", &Mount::source),
      Field("options", &Mount::options),
      Field("uidMappings", &Mount::uid_mappings),
      Field("gidMappings", &Mount::gid_mappings));
};

template <>
struct JsonFields<Hook> {
  static constexpr auto kFields = std::tuple(
      Field("path", &Hook::path, kRequired),
      Field("args", &Hook::args),
      Field("env", &Hook::env),
      Field("timeout", &Hook::timeout));
};

template <>
struct JsonFields<Hooks> {
  static constexpr auto kFields = std::tuple(
      Field("prestart", &Hooks::prestart),
      Field("createRuntime", &Hooks::create_runtime),
      Field("createContainer", &Hooks::create_container),
      Field("startContainer", &Hooks::start_container),
      Field("poststart", &Hooks::poststart),
      Field("poststop", &Hooks::poststop));
};

// ---- linux.

template <>
struct JsonFields<Namespace> {
  static constexpr auto kFields = std::tuple(
      Field<NamespaceTypeCodec>("type", &Namespace::type, kRequired),
      Field("path", &Namespace::path));
};

template <>
struct JsonFields<Device> {
  static constexpr auto kFields = std::tuple(
      Field("path", &Device::path, kRequired),
      Field<DeviceTypeCodec>("type", &Device::type, kRequired),
      Field("major", &Device::major, kWritten),
      Field("minor", &Device::minor, kWritten),
      Field("fileMode", &Device::file_mode),
      Field("uid", &Device::uid),
      Field("gid", &Device::gid));
  static constexpr std::string_view kReadFirst[] = {"type"};
};

template <>
struct JsonFields<DeviceRule> {
  static constexpr auto kFields = std::tuple(
      Field("allow", &DeviceRule::allow, kRequired),
      Field("type", &DeviceRule::type, kWritten),
      Field("major", &DeviceRule::major),
      Field("minor", &DeviceRule::minor),
      Field("access", &DeviceRule::access, kWritten));
};

template <>
struct JsonFields<MemoryResources> {
  static constexpr auto kFields = std::tuple(
      Field("limit", &MemoryResources::limit),
      Field("reservation", &MemoryResources::reservation),
      Field("swap", &MemoryResources::swap),
      Field("kernel", &MemoryResources::kernel),
      Field("kernelTCP", &MemoryResources::kernel_tcp),
      Field("swappiness", &MemoryResources::swappiness),
      Field("disableOOMKiller", &MemoryResources::disable_oom_killer),
      Field("useHierarchy", &MemoryResources::use_hierarchy),
      Field("checkBeforeUpdate", &MemoryResources::check_before_update));
};

template <>
struct JsonFields<CpuResources> {
  static constexpr auto kFields = std::tuple(
      Field("shares", &CpuResources::shares),
      Field("quota", &CpuResources::quota),
      Field("burst", &CpuResources::burst),
      Field("period", &CpuResources::period),
      Field("realtimeRuntime", &CpuResources::realtime_runtime),
      Field("realtimePeriod", &CpuResources::realtime_period),
      Field("cpus", &CpuResources::cpus),
      Field("mems", &CpuResources::mems),
      Field("idle", &CpuResources::idle));
};

template <>
struct JsonFields<PidsResources> {
  static constexpr auto kFields = std::tuple(
      Field("limit", &PidsResources::limit, kRequired));
};

// BlockIoDevice has two JSON shapes: weightDevice entries carry weights,
// throttle entries a rate.
struct WeightDeviceFields {
  static constexpr auto kFields = std::tuple(
      Field("major", &BlockIoDevice::major, kRequired),
      Field("minor", &BlockIoDevice::minor, kRequired),
      Field("weight", &BlockIoDevice::weight),
      Field("leafWeight", &BlockIoDevice::leaf_weight));
};

struct ThrottleDeviceFields {
  static constexpr auto kFields = std::tuple(
      Field("major", &BlockIoDevice::major, kRequired),
      Field("minor", &BlockIoDevice::minor, kRequired),
      Field("rate", &BlockIoDevice::rate));
};

template <>
struct JsonFields<BlockIoResources> {
  using B = BlockIoResources;
  using WeightDevices = ListCodec<ObjectCodec<WeightDeviceFields>>;
  using ThrottleDevices = ListCodec<ObjectCodec<ThrottleDeviceFields>>;
  static constexpr auto kFields = std::tuple(
      Field("weight", &B::weight),
      Field("leafWeight", &B::leaf_weight),
      Field<WeightDevices>("weightDevice", &B::weight_device),
      Field<ThrottleDevices>("throttleReadBpsDevice", &B::throttle_read_bps_device),
      Field<ThrottleDevices>("throttleWriteBpsDevice", &B::throttle_write_bps_device),
      Field<ThrottleDevices>("throttleReadIOPSDevice", &B::throttle_read_iops_device),
      Field<ThrottleDevices>("throttleWriteIOPSDevice", &B::throttle_write_iops_device));
};

template <>
struct JsonFields<HugepageLimit> {
  static constexpr auto kFields = std::tuple(
      Field("pageSize", &HugepageLimit::page_size, kRequired),
      Field("limit", &HugepageLimit::limit, kRequired));
};

template <>
struct JsonFields<NetworkPriority> {
  static constexpr auto kFields = std::tuple(
      Field("name", &NetworkPriority::name, kRequired),
      Field("priority", &NetworkPriority::priority, kRequired));
};

template <>
struct JsonFields<NetworkResources> {
  static constexpr auto kFields = std::tuple(
      Field("classID", &NetworkResources::class_id),
      Field("priorities", &NetworkResources::priorities));
};

template <>
struct JsonFields<RdmaLimit> {
  static constexpr auto kFields = std::tuple(
      Field("hcaHandles", &RdmaLimit::hca_handles),
      Field("hcaObjects", &RdmaLimit::hca_objects));
};

template <>
struct JsonFields<Resources> {
  static constexpr auto kFields = std::tuple(
      Field("devices", &Resources::devices),
      Field("memory", &Resources::memory),
      Field("cpu", &Resources::cpu),
      Field<PidsCodec>("pids", &Resources::pids),
      Field("blockIO", &Resources::block_io),
      Field("hugepageLimits", &Resources::hugepage_limits),
      Field("network", &Resources::network),
      Field("unified", &Resources::unified),
      Field("rdma", &Resources::rdma));
};

template <>
struct JsonFields<SeccompArg> {
  static constexpr auto kFields = std::tuple(
      Field("index", &SeccompArg::index, kRequired),
      Field("value", &SeccompArg::value, kRequired),
      Field("valueTwo", &SeccompArg::value_two),
      Field("op", &SeccompArg::op, kRequired));
};

template <>
struct JsonFields<SeccompSyscall> {
  static constexpr auto kFields = std::tuple(
      Field<SyscallNamesCodec>("names", &SeccompSyscall::names, kRequired),
      Field("action", &SeccompSyscall::action, kRequired),
      Field("errnoRet", &SeccompSyscall::errno_ret),
      Field("args", &SeccompSyscall::args));
};

template <>
struct JsonFields<Seccomp> {
  static constexpr auto kFields = std::tuple(
      Field("defaultAction", &Seccomp::default_action, kRequired),
      Field("defaultErrnoRet", &Seccomp::default_errno_ret),
      Field("architectures", &Seccomp::architectures),
      Field("flags", &Seccomp::flags),
      Field("listenerPath", &Seccomp::listener_path),
      Field("listenerMetadata", &Seccomp::listener_metadata),
      Field("syscalls", &Seccomp::syscalls));
};

template <>
struct JsonFields<TimeOffset> {
  static constexpr auto kFields = std::tuple(
      Field("secs", &TimeOffset::secs, kWritten),
      Field("nanosecs", &TimeOffset::nanosecs, kWritten));
};

template <>
struct JsonFields<Personality> {
  static constexpr auto kFields = std::tuple(
      Field("domain", &Personality::domain, kWritten),
      Field("flags", &Personality::flags));
};

template <>
struct JsonFields<NetDevice> {
  static constexpr auto kFields = std::tuple(
      Field("name", &NetDevice::name));
};

template <>
struct JsonFields<MemoryPolicy> {
  static constexpr auto kFields = std::tuple(
      Field("mode", &MemoryPolicy::mode, kWritten),
      Field("nodes", &MemoryPolicy::nodes),
      Field("flags", &MemoryPolicy::flags));
};

template <>
struct JsonFields<Linux> {
  static constexpr auto kFields = std::tuple(
      Field("uidMappings", &Linux::uid_mappings),
      Field("gidMappings", &Linux::gid_mappings),
      Field("timeOffsets", &Linux::time_offsets),
      Field("devices", &Linux::devices),
      Field("cgroupsPath", &Linux::cgroups_path),
      Field("resources", &Linux::resources),
      Field("namespaces", &Linux::namespaces),
      Field("rootfsPropagation", &Linux::rootfs_propagation),
      Field("seccomp", &Linux::seccomp),
      Field("sysctl", &Linux::sysctl),
      Field("maskedPaths", &Linux::masked_paths),
      Field("readonlyPaths", &Linux::readonly_paths),
      Field("mountLabel", &Linux::mount_label),
      Field("personality", &Linux::personality),
      Field("netDevices", &Linux::net_devices),
      Field("memoryPolicy", &Linux::memory_policy),
      // Not silently dropped: the container would run outside the resctrl
      // group it asked for (SPEC CG-043); features report intelRdt disabled.
      Rejected<Linux>("intelRdt", "Intel RDT (resctrl) is not supported by nsinit"));
  static constexpr std::string_view kReadFirst[] = {"namespaces"};
};

// ---- The top level.

template <>
struct JsonFields<Spec> {
  static constexpr auto kFields = std::tuple(
      Field("ociVersion", &Spec::oci_version, kWritten),
      Field("process", &Spec::process),
      Field("root", &Spec::root, kWritten),
      Field("hostname", &Spec::hostname),
      Field("domainname", &Spec::domainname),
      Field("mounts", &Spec::mounts),
      Field("hooks", &Spec::hooks),
      Field("annotations", &Spec::annotations),
      Field("linux", &Spec::linux, kWritten),
      // Other platforms' objects (windows, solaris, vm, zos) are ignored like
      // any unknown member: a Linux runtime has nothing to apply from them.
      // The libcontainer v1 extras have no OCI form.
      NotInJson(&Spec::v1));
  static constexpr std::string_view kReadFirst[] = {"ociVersion", "root"};
};

// clang-format on

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_OCI_FIELDS_H_

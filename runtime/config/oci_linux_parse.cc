// The "linux" object of config.json: namespaces, id mappings, time offsets,
// devices, cgroup resources, seccomp, sysctl, masked and read-only paths.
// Types are checked here; meaning (known seccomp actions, absolute paths,
// ...) is checked by ValidateSpec.
#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/oci_parse_internal.h"

namespace nsinit::config::internal {
namespace {

// Calls `parse` for each element of the array at `parent.key` (if present).
template <typename T, typename F>
absl::Status ReadArray(const JsonNode& parent, absl::string_view key,
                       std::vector<T>* out, F parse) {
  std::optional<JsonNode> node = parent.Find(key);
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  out->clear();
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    ASSIGN_OR_RETURN(T value, parse(item));
    out->push_back(std::move(value));
  }
  return absl::OkStatus();
}

absl::StatusOr<Namespace> ParseNamespace(const JsonNode& node) {
  Namespace ns;
  ASSIGN_OR_RETURN(JsonNode type, node.Require("type"));
  ASSIGN_OR_RETURN(std::string name, type.AsString());
  std::optional<NamespaceType> t = NamespaceTypeFromName(name);
  if (!t.has_value()) {
    return type.Error(absl::StrCat("unknown namespace type ",
                                   DescribeJsonValue(type.value())));
  }
  ns.type = *t;
  RETURN_IF_ERROR(node.Read("path", &ns.path));
  return ns;
}

absl::StatusOr<Device> ParseDevice(const JsonNode& node) {
  Device d;
  ASSIGN_OR_RETURN(JsonNode type, node.Require("type"));
  ASSIGN_OR_RETURN(std::string t, type.AsString());
  if (t.size() != 1) {
    return type.Error(absl::StrCat("expected one of c, b, u, p, got ",
                                   DescribeJsonValue(type.value())));
  }
  d.type = t[0];
  RETURN_IF_ERROR(node.ReadRequired("path", &d.path));
  RETURN_IF_ERROR(node.Read("major", &d.major));
  RETURN_IF_ERROR(node.Read("minor", &d.minor));
  RETURN_IF_ERROR(node.Read("fileMode", &d.file_mode));
  RETURN_IF_ERROR(node.Read("uid", &d.uid));
  RETURN_IF_ERROR(node.Read("gid", &d.gid));
  return d;
}

absl::StatusOr<DeviceRule> ParseDeviceRule(const JsonNode& node) {
  DeviceRule r;
  RETURN_IF_ERROR(node.ReadRequired("allow", &r.allow));
  RETURN_IF_ERROR(node.Read("type", &r.type));
  RETURN_IF_ERROR(node.Read("major", &r.major));
  RETURN_IF_ERROR(node.Read("minor", &r.minor));
  RETURN_IF_ERROR(node.Read("access", &r.access));
  return r;
}

absl::StatusOr<MemoryResources> ParseMemory(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  MemoryResources m;
  RETURN_IF_ERROR(node.Read("limit", &m.limit));
  RETURN_IF_ERROR(node.Read("reservation", &m.reservation));
  RETURN_IF_ERROR(node.Read("swap", &m.swap));
  RETURN_IF_ERROR(node.Read("kernel", &m.kernel));
  RETURN_IF_ERROR(node.Read("kernelTCP", &m.kernel_tcp));
  RETURN_IF_ERROR(node.Read("swappiness", &m.swappiness));
  RETURN_IF_ERROR(node.Read("disableOOMKiller", &m.disable_oom_killer));
  RETURN_IF_ERROR(node.Read("useHierarchy", &m.use_hierarchy));
  RETURN_IF_ERROR(node.Read("checkBeforeUpdate", &m.check_before_update));
  return m;
}

absl::StatusOr<CpuResources> ParseCpu(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  CpuResources c;
  RETURN_IF_ERROR(node.Read("shares", &c.shares));
  RETURN_IF_ERROR(node.Read("quota", &c.quota));
  RETURN_IF_ERROR(node.Read("burst", &c.burst));
  RETURN_IF_ERROR(node.Read("period", &c.period));
  RETURN_IF_ERROR(node.Read("realtimeRuntime", &c.realtime_runtime));
  RETURN_IF_ERROR(node.Read("realtimePeriod", &c.realtime_period));
  RETURN_IF_ERROR(node.Read("cpus", &c.cpus));
  RETURN_IF_ERROR(node.Read("mems", &c.mems));
  RETURN_IF_ERROR(node.Read("idle", &c.idle));
  return c;
}

// weightDevice entries carry weight/leafWeight, throttle entries a rate.
absl::StatusOr<BlockIoDevice> ParseBlockIoDevice(const JsonNode& node,
                                                 bool throttle) {
  BlockIoDevice d;
  RETURN_IF_ERROR(node.ReadRequired("major", &d.major));
  RETURN_IF_ERROR(node.ReadRequired("minor", &d.minor));
  if (throttle) {
    RETURN_IF_ERROR(node.Read("rate", &d.rate));
  } else {
    RETURN_IF_ERROR(node.Read("weight", &d.weight));
    RETURN_IF_ERROR(node.Read("leafWeight", &d.leaf_weight));
  }
  return d;
}

absl::StatusOr<BlockIoResources> ParseBlockIo(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  BlockIoResources b;
  RETURN_IF_ERROR(node.Read("weight", &b.weight));
  RETURN_IF_ERROR(node.Read("leafWeight", &b.leaf_weight));
  auto weight = [](const JsonNode& n) { return ParseBlockIoDevice(n, false); };
  auto throttle = [](const JsonNode& n) { return ParseBlockIoDevice(n, true); };
  RETURN_IF_ERROR(ReadArray(node, "weightDevice", &b.weight_device, weight));
  RETURN_IF_ERROR(ReadArray(node, "throttleReadBpsDevice",
                            &b.throttle_read_bps_device, throttle));
  RETURN_IF_ERROR(ReadArray(node, "throttleWriteBpsDevice",
                            &b.throttle_write_bps_device, throttle));
  RETURN_IF_ERROR(ReadArray(node, "throttleReadIOPSDevice",
                            &b.throttle_read_iops_device, throttle));
  RETURN_IF_ERROR(ReadArray(node, "throttleWriteIOPSDevice",
                            &b.throttle_write_iops_device, throttle));
  return b;
}

absl::StatusOr<HugepageLimit> ParseHugepageLimit(const JsonNode& node) {
  HugepageLimit h;
  RETURN_IF_ERROR(node.ReadRequired("pageSize", &h.page_size));
  RETURN_IF_ERROR(node.ReadRequired("limit", &h.limit));
  return h;
}

absl::StatusOr<NetworkResources> ParseNetwork(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  NetworkResources n;
  RETURN_IF_ERROR(node.Read("classID", &n.class_id));
  RETURN_IF_ERROR(
      ReadArray(node, "priorities", &n.priorities,
                [](const JsonNode& item) -> absl::StatusOr<NetworkPriority> {
                  NetworkPriority p;
                  RETURN_IF_ERROR(item.ReadRequired("name", &p.name));
                  RETURN_IF_ERROR(item.ReadRequired("priority", &p.priority));
                  return p;
                }));
  return n;
}

absl::StatusOr<Resources> ParseResources(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Resources r;
  RETURN_IF_ERROR(ReadArray(node, "devices", &r.devices, ParseDeviceRule));
  if (std::optional<JsonNode> n = node.Find("memory")) {
    ASSIGN_OR_RETURN(r.memory, ParseMemory(*n));
  }
  if (std::optional<JsonNode> n = node.Find("cpu")) {
    ASSIGN_OR_RETURN(r.cpu, ParseCpu(*n));
  }
  if (std::optional<JsonNode> n = node.Find("pids")) {
    RETURN_IF_ERROR(n->ExpectObject());
    PidsResources pids;
    ASSIGN_OR_RETURN(JsonNode limit, n->Require("limit"));
    ASSIGN_OR_RETURN(pids.limit, limit.AsInt<int64_t>());
    r.pids = pids;
  }
  if (std::optional<JsonNode> n = node.Find("blockIO")) {
    ASSIGN_OR_RETURN(r.block_io, ParseBlockIo(*n));
  }
  RETURN_IF_ERROR(ReadArray(node, "hugepageLimits", &r.hugepage_limits,
                            ParseHugepageLimit));
  if (std::optional<JsonNode> n = node.Find("network")) {
    ASSIGN_OR_RETURN(r.network, ParseNetwork(*n));
  }
  RETURN_IF_ERROR(node.Read("unified", &r.unified));
  if (std::optional<JsonNode> n = node.Find("rdma")) {
    ASSIGN_OR_RETURN(auto devices, n->AsMembers());
    for (const auto& [name, device] : devices) {
      RETURN_IF_ERROR(device.ExpectObject());
      RdmaLimit limit;
      RETURN_IF_ERROR(device.Read("hcaHandles", &limit.hca_handles));
      RETURN_IF_ERROR(device.Read("hcaObjects", &limit.hca_objects));
      r.rdma[name] = limit;
    }
  }
  return r;
}

absl::StatusOr<SeccompSyscall> ParseSeccompSyscall(const JsonNode& node) {
  SeccompSyscall s;
  ASSIGN_OR_RETURN(JsonNode names, node.Require("names"));
  RETURN_IF_ERROR(node.Read("names", &s.names));
  if (s.names.empty()) return names.Error("must name at least one syscall");
  RETURN_IF_ERROR(node.ReadRequired("action", &s.action));
  RETURN_IF_ERROR(node.Read("errnoRet", &s.errno_ret));
  RETURN_IF_ERROR(
      ReadArray(node, "args", &s.args,
                [](const JsonNode& item) -> absl::StatusOr<SeccompArg> {
                  SeccompArg a;
                  RETURN_IF_ERROR(item.ReadRequired("index", &a.index));
                  RETURN_IF_ERROR(item.ReadRequired("value", &a.value));
                  RETURN_IF_ERROR(item.Read("valueTwo", &a.value_two));
                  RETURN_IF_ERROR(item.ReadRequired("op", &a.op));
                  return a;
                }));
  return s;
}

absl::StatusOr<Seccomp> ParseSeccomp(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Seccomp s;
  RETURN_IF_ERROR(node.ReadRequired("defaultAction", &s.default_action));
  RETURN_IF_ERROR(node.Read("defaultErrnoRet", &s.default_errno_ret));
  RETURN_IF_ERROR(node.Read("architectures", &s.architectures));
  RETURN_IF_ERROR(node.Read("flags", &s.flags));
  RETURN_IF_ERROR(node.Read("listenerPath", &s.listener_path));
  RETURN_IF_ERROR(node.Read("listenerMetadata", &s.listener_metadata));
  RETURN_IF_ERROR(
      ReadArray(node, "syscalls", &s.syscalls, ParseSeccompSyscall));
  return s;
}

}  // namespace

absl::StatusOr<Linux> ParseLinux(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Linux l;
  RETURN_IF_ERROR(ReadArray(node, "namespaces", &l.namespaces, ParseNamespace));
  RETURN_IF_ERROR(ReadIdMappings(node, "uidMappings", &l.uid_mappings));
  RETURN_IF_ERROR(ReadIdMappings(node, "gidMappings", &l.gid_mappings));
  if (std::optional<JsonNode> offsets = node.Find("timeOffsets")) {
    ASSIGN_OR_RETURN(auto clocks, offsets->AsMembers());
    for (const auto& [clock, value] : clocks) {
      RETURN_IF_ERROR(value.ExpectObject());
      TimeOffset t;
      RETURN_IF_ERROR(value.Read("secs", &t.secs));
      RETURN_IF_ERROR(value.Read("nanosecs", &t.nanosecs));
      l.time_offsets[clock] = t;
    }
  }
  RETURN_IF_ERROR(ReadArray(node, "devices", &l.devices, ParseDevice));
  RETURN_IF_ERROR(node.Read("cgroupsPath", &l.cgroups_path));
  if (std::optional<JsonNode> resources = node.Find("resources")) {
    ASSIGN_OR_RETURN(l.resources, ParseResources(*resources));
  }
  RETURN_IF_ERROR(node.Read("rootfsPropagation", &l.rootfs_propagation));
  if (std::optional<JsonNode> seccomp = node.Find("seccomp")) {
    ASSIGN_OR_RETURN(l.seccomp, ParseSeccomp(*seccomp));
  }
  RETURN_IF_ERROR(node.Read("sysctl", &l.sysctl));
  RETURN_IF_ERROR(node.Read("maskedPaths", &l.masked_paths));
  RETURN_IF_ERROR(node.Read("readonlyPaths", &l.readonly_paths));
  RETURN_IF_ERROR(node.Read("mountLabel", &l.mount_label));
  if (std::optional<JsonNode> personality = node.Find("personality")) {
    RETURN_IF_ERROR(personality->ExpectObject());
    Personality p;
    RETURN_IF_ERROR(personality->Read("domain", &p.domain));
    RETURN_IF_ERROR(personality->Read("flags", &p.flags));
    l.personality = std::move(p);
  }
  if (std::optional<JsonNode> devices = node.Find("netDevices")) {
    ASSIGN_OR_RETURN(auto members, devices->AsMembers());
    for (const auto& [host_name, value] : members) {
      RETURN_IF_ERROR(value.ExpectObject());
      NetDevice d;
      RETURN_IF_ERROR(value.Read("name", &d.name));
      l.net_devices[host_name] = std::move(d);
    }
  }
  if (std::optional<JsonNode> policy = node.Find("memoryPolicy")) {
    RETURN_IF_ERROR(policy->ExpectObject());
    MemoryPolicy m;
    RETURN_IF_ERROR(policy->Read("mode", &m.mode));
    RETURN_IF_ERROR(policy->Read("nodes", &m.nodes));
    RETURN_IF_ERROR(policy->Read("flags", &m.flags));
    l.memory_policy = std::move(m);
  }
  // Not silently dropped: the container would run outside the resctrl group
  // it asked for (SPEC CG-043); features report intelRdt disabled.
  if (std::optional<JsonNode> rdt = node.Find("intelRdt")) {
    return rdt->Error("Intel RDT (resctrl) is not supported by nsinit");
  }
  return l;
}

}  // namespace nsinit::config::internal

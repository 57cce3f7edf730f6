// ToOciJson: a Spec as runtime-spec JSON, pretty-printed with tabs like
// `runc spec`. Absent optionals, empty strings and lists and false booleans
// are omitted, which the parser reads back as the same values, so
// ParseOciConfig(ToOciJson(s)) == s for every valid s. Spec.v1 (the
// libcontainer extras) has no OCI field and is not written.
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/oci_config.h"

namespace nsinit::config {
namespace {

class OciWriter {
 public:
  OciWriter() : writer_(buffer_) { writer_.SetIndent('\t', 1); }

  std::string Write(const Spec& spec) {
    writer_.StartObject();
    String("ociVersion", spec.oci_version);
    if (spec.process.has_value()) {
      Key("process");
      WriteProcess(*spec.process);
    }
    Key("root");
    writer_.StartObject();
    String("path", spec.root.path);
    Flag("readonly", spec.root.readonly);
    writer_.EndObject();
    NonEmpty("hostname", spec.hostname);
    NonEmpty("domainname", spec.domainname);
    if (!spec.mounts.empty()) {
      Key("mounts");
      writer_.StartArray();
      for (const Mount& m : spec.mounts) WriteMount(m);
      writer_.EndArray();
    }
    WriteHooks(spec.hooks);
    StringMap("annotations", spec.annotations);
    Key("linux");
    WriteLinux(spec.linux);
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  void Key(absl::string_view key) {
    writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  }
  void Str(absl::string_view s) {
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  void String(absl::string_view key, absl::string_view value) {
    Key(key);
    Str(value);
  }
  void NonEmpty(absl::string_view key, absl::string_view value) {
    if (!value.empty()) String(key, value);
  }
  void Flag(absl::string_view key, bool value) {
    if (!value) return;
    Key(key);
    writer_.Bool(true);
  }
  void Int(int64_t v) { writer_.Int64(v); }
  void Uint(uint64_t v) { writer_.Uint64(v); }
  template <typename T>
  void Number(absl::string_view key, T value) {
    Key(key);
    if constexpr (std::is_signed_v<T>) {
      Int(value);
    } else {
      Uint(value);
    }
  }
  template <typename T>
  void Optional(absl::string_view key, const std::optional<T>& value) {
    if (!value.has_value()) return;
    if constexpr (std::is_same_v<T, bool>) {
      Key(key);
      writer_.Bool(*value);
    } else {
      Number(key, *value);
    }
  }
  void Strings(absl::string_view key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    Key(key);
    writer_.StartArray();
    for (const std::string& v : values) Str(v);
    writer_.EndArray();
  }
  void StringMap(absl::string_view key,
                 const std::map<std::string, std::string>& values) {
    if (values.empty()) return;
    Key(key);
    writer_.StartObject();
    for (const auto& [k, v] : values) String(k, v);
    writer_.EndObject();
  }
  void IdMappings(absl::string_view key, const std::vector<IdMapping>& maps) {
    if (maps.empty()) return;
    Key(key);
    writer_.StartArray();
    for (const IdMapping& m : maps) {
      writer_.StartObject();
      Number("containerID", m.container_id);
      Number("hostID", m.host_id);
      Number("size", m.size);
      writer_.EndObject();
    }
    writer_.EndArray();
  }

  void WriteProcess(const Process& p) {
    writer_.StartObject();
    Flag("terminal", p.terminal);
    if (p.console_size.has_value()) {
      Key("consoleSize");
      writer_.StartObject();
      Number("height", p.console_size->height);
      Number("width", p.console_size->width);
      writer_.EndObject();
    }
    Key("user");
    writer_.StartObject();
    Number("uid", p.user.uid);
    Number("gid", p.user.gid);
    Optional("umask", p.user.umask);
    if (!p.user.additional_gids.empty()) {
      Key("additionalGids");
      writer_.StartArray();
      for (uint32_t gid : p.user.additional_gids) Uint(gid);
      writer_.EndArray();
    }
    writer_.EndObject();
    Strings("args", p.args);
    Strings("env", p.env);
    String("cwd", p.cwd);
    if (p.capabilities.has_value()) {
      Key("capabilities");
      writer_.StartObject();
      Strings("bounding", p.capabilities->bounding);
      Strings("effective", p.capabilities->effective);
      Strings("inheritable", p.capabilities->inheritable);
      Strings("permitted", p.capabilities->permitted);
      Strings("ambient", p.capabilities->ambient);
      writer_.EndObject();
    }
    if (!p.rlimits.empty()) {
      Key("rlimits");
      writer_.StartArray();
      for (const Rlimit& r : p.rlimits) {
        writer_.StartObject();
        String("type", r.type);
        Number("hard", r.hard);
        Number("soft", r.soft);
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    Flag("noNewPrivileges", p.no_new_privileges);
    NonEmpty("apparmorProfile", p.apparmor_profile);
    Optional("oomScoreAdj", p.oom_score_adj);
    NonEmpty("selinuxLabel", p.selinux_label);
    if (p.io_priority.has_value()) {
      Key("ioPriority");
      writer_.StartObject();
      String("class", p.io_priority->io_class);
      Number("priority", p.io_priority->priority);
      writer_.EndObject();
    }
    if (p.scheduler.has_value()) {
      Key("scheduler");
      writer_.StartObject();
      String("policy", p.scheduler->policy);
      Number("nice", p.scheduler->nice);
      Number("priority", p.scheduler->priority);
      Strings("flags", p.scheduler->flags);
      Number("runtime", p.scheduler->runtime);
      Number("deadline", p.scheduler->deadline);
      Number("period", p.scheduler->period);
      writer_.EndObject();
    }
    if (p.exec_cpu_affinity.has_value()) {
      Key("execCPUAffinity");
      writer_.StartObject();
      NonEmpty("initial", p.exec_cpu_affinity->initial);
      NonEmpty("final", p.exec_cpu_affinity->final);
      writer_.EndObject();
    }
    writer_.EndObject();
  }

  void WriteMount(const Mount& m) {
    writer_.StartObject();
    String("destination", m.destination);
    NonEmpty("type", m.type);
    NonEmpty("source", m.source);
    Strings("options", m.options);
    IdMappings("uidMappings", m.uid_mappings);
    IdMappings("gidMappings", m.gid_mappings);
    writer_.EndObject();
  }

  void HookList(absl::string_view key, const std::vector<Hook>& hooks) {
    if (hooks.empty()) return;
    Key(key);
    writer_.StartArray();
    for (const Hook& h : hooks) {
      writer_.StartObject();
      String("path", h.path);
      Strings("args", h.args);
      Strings("env", h.env);
      Optional("timeout", h.timeout);
      writer_.EndObject();
    }
    writer_.EndArray();
  }

  void WriteHooks(const Hooks& h) {
    if (h == Hooks{}) return;
    Key("hooks");
    writer_.StartObject();
    HookList("prestart", h.prestart);
    HookList("createRuntime", h.create_runtime);
    HookList("createContainer", h.create_container);
    HookList("startContainer", h.start_container);
    HookList("poststart", h.poststart);
    HookList("poststop", h.poststop);
    writer_.EndObject();
  }

  void BlockIoDevices(absl::string_view key,
                      const std::vector<BlockIoDevice>& devices) {
    if (devices.empty()) return;
    Key(key);
    writer_.StartArray();
    for (const BlockIoDevice& d : devices) {
      writer_.StartObject();
      Number("major", d.major);
      Number("minor", d.minor);
      Optional("weight", d.weight);
      Optional("leafWeight", d.leaf_weight);
      Optional("rate", d.rate);
      writer_.EndObject();
    }
    writer_.EndArray();
  }

  void WriteResources(const Resources& r) {
    writer_.StartObject();
    if (!r.devices.empty()) {
      Key("devices");
      writer_.StartArray();
      for (const DeviceRule& d : r.devices) {
        writer_.StartObject();
        Key("allow");
        writer_.Bool(d.allow);
        String("type", d.type);
        Optional("major", d.major);
        Optional("minor", d.minor);
        String("access", d.access);
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    if (r.memory.has_value()) {
      const MemoryResources& m = *r.memory;
      Key("memory");
      writer_.StartObject();
      Optional("limit", m.limit);
      Optional("reservation", m.reservation);
      Optional("swap", m.swap);
      Optional("kernel", m.kernel);
      Optional("kernelTCP", m.kernel_tcp);
      Optional("swappiness", m.swappiness);
      Optional("disableOOMKiller", m.disable_oom_killer);
      Optional("useHierarchy", m.use_hierarchy);
      Optional("checkBeforeUpdate", m.check_before_update);
      writer_.EndObject();
    }
    if (r.cpu.has_value()) {
      const CpuResources& c = *r.cpu;
      Key("cpu");
      writer_.StartObject();
      Optional("shares", c.shares);
      Optional("quota", c.quota);
      Optional("burst", c.burst);
      Optional("period", c.period);
      Optional("realtimeRuntime", c.realtime_runtime);
      Optional("realtimePeriod", c.realtime_period);
      NonEmpty("cpus", c.cpus);
      NonEmpty("mems", c.mems);
      Optional("idle", c.idle);
      writer_.EndObject();
    }
    if (r.pids.has_value() && r.pids->limit.has_value()) {
      Key("pids");
      writer_.StartObject();
      Number("limit", *r.pids->limit);
      writer_.EndObject();
    }
    if (r.block_io.has_value()) {
      const BlockIoResources& b = *r.block_io;
      Key("blockIO");
      writer_.StartObject();
      Optional("weight", b.weight);
      Optional("leafWeight", b.leaf_weight);
      BlockIoDevices("weightDevice", b.weight_device);
      BlockIoDevices("throttleReadBpsDevice", b.throttle_read_bps_device);
      BlockIoDevices("throttleWriteBpsDevice", b.throttle_write_bps_device);
      BlockIoDevices("throttleReadIOPSDevice", b.throttle_read_iops_device);
      BlockIoDevices("throttleWriteIOPSDevice", b.throttle_write_iops_device);
      writer_.EndObject();
    }
    if (!r.hugepage_limits.empty()) {
      Key("hugepageLimits");
      writer_.StartArray();
      for (const HugepageLimit& h : r.hugepage_limits) {
        writer_.StartObject();
        String("pageSize", h.page_size);
        Number("limit", h.limit);
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    if (r.network.has_value()) {
      Key("network");
      writer_.StartObject();
      Optional("classID", r.network->class_id);
      if (!r.network->priorities.empty()) {
        Key("priorities");
        writer_.StartArray();
        for (const NetworkPriority& p : r.network->priorities) {
          writer_.StartObject();
          String("name", p.name);
          Number("priority", p.priority);
          writer_.EndObject();
        }
        writer_.EndArray();
      }
      writer_.EndObject();
    }
    StringMap("unified", r.unified);
    if (!r.rdma.empty()) {
      Key("rdma");
      writer_.StartObject();
      for (const auto& [device, limit] : r.rdma) {
        Key(device);
        writer_.StartObject();
        Optional("hcaHandles", limit.hca_handles);
        Optional("hcaObjects", limit.hca_objects);
        writer_.EndObject();
      }
      writer_.EndObject();
    }
    writer_.EndObject();
  }

  void WriteSeccomp(const Seccomp& s) {
    writer_.StartObject();
    String("defaultAction", s.default_action);
    Optional("defaultErrnoRet", s.default_errno_ret);
    Strings("architectures", s.architectures);
    Strings("flags", s.flags);
    NonEmpty("listenerPath", s.listener_path);
    NonEmpty("listenerMetadata", s.listener_metadata);
    if (!s.syscalls.empty()) {
      Key("syscalls");
      writer_.StartArray();
      for (const SeccompSyscall& sc : s.syscalls) {
        writer_.StartObject();
        Strings("names", sc.names);
        String("action", sc.action);
        Optional("errnoRet", sc.errno_ret);
        if (!sc.args.empty()) {
          Key("args");
          writer_.StartArray();
          for (const SeccompArg& a : sc.args) {
            writer_.StartObject();
            Number("index", a.index);
            Number("value", a.value);
            if (a.value_two != 0) Number("valueTwo", a.value_two);
            String("op", a.op);
            writer_.EndObject();
          }
          writer_.EndArray();
        }
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    writer_.EndObject();
  }

  void WriteLinux(const Linux& l) {
    writer_.StartObject();
    IdMappings("uidMappings", l.uid_mappings);
    IdMappings("gidMappings", l.gid_mappings);
    if (!l.time_offsets.empty()) {
      Key("timeOffsets");
      writer_.StartObject();
      for (const auto& [clock, offset] : l.time_offsets) {
        Key(clock);
        writer_.StartObject();
        Number("secs", offset.secs);
        Number("nanosecs", offset.nanosecs);
        writer_.EndObject();
      }
      writer_.EndObject();
    }
    if (!l.devices.empty()) {
      Key("devices");
      writer_.StartArray();
      for (const Device& d : l.devices) {
        writer_.StartObject();
        String("path", d.path);
        String("type", std::string(1, d.type));
        Number("major", d.major);
        Number("minor", d.minor);
        Optional("fileMode", d.file_mode);
        Optional("uid", d.uid);
        Optional("gid", d.gid);
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    NonEmpty("cgroupsPath", l.cgroups_path);
    if (l.resources.has_value()) {
      Key("resources");
      WriteResources(*l.resources);
    }
    if (!l.namespaces.empty()) {
      Key("namespaces");
      writer_.StartArray();
      for (const Namespace& ns : l.namespaces) {
        writer_.StartObject();
        String("type", NamespaceTypeName(ns.type));
        NonEmpty("path", ns.path);
        writer_.EndObject();
      }
      writer_.EndArray();
    }
    NonEmpty("rootfsPropagation", l.rootfs_propagation);
    if (l.seccomp.has_value()) {
      Key("seccomp");
      WriteSeccomp(*l.seccomp);
    }
    StringMap("sysctl", l.sysctl);
    Strings("maskedPaths", l.masked_paths);
    Strings("readonlyPaths", l.readonly_paths);
    NonEmpty("mountLabel", l.mount_label);
    if (l.personality.has_value()) {
      Key("personality");
      writer_.StartObject();
      String("domain", l.personality->domain);
      Strings("flags", l.personality->flags);
      writer_.EndObject();
    }
    if (!l.net_devices.empty()) {
      Key("netDevices");
      writer_.StartObject();
      for (const auto& [host_name, device] : l.net_devices) {
        Key(host_name);
        writer_.StartObject();
        NonEmpty("name", device.name);
        writer_.EndObject();
      }
      writer_.EndObject();
    }
    if (l.memory_policy.has_value()) {
      Key("memoryPolicy");
      writer_.StartObject();
      String("mode", l.memory_policy->mode);
      NonEmpty("nodes", l.memory_policy->nodes);
      Strings("flags", l.memory_policy->flags);
      writer_.EndObject();
    }
    writer_.EndObject();
  }

  rapidjson::StringBuffer buffer_;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer_;
};

}  // namespace

std::string ToOciJson(const Spec& spec) {
  OciWriter writer;
  return writer.Write(spec);
}

}  // namespace nsinit::config

// ImportV1Config: libcontainer v1 container.json -> Spec. Types are checked
// as strictly as for OCI (json_reader.h); Go's zero values, which v1 used
// for "unset" (memory 0, cpu_shares 0), stay unset here.
#include "runtime/config/v1_import.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rlimit_names.h"
#include "runtime/config/v1_defaults.h"
#include "runtime/config/v1_user.h"
#include "runtime/config/validate.h"

namespace nsinit::config {
namespace {

void Warn(std::vector<std::string>* warnings, std::string message) {
  if (warnings != nullptr) warnings->push_back(std::move(message));
}

absl::StatusOr<NamespaceType> V1Namespace(const JsonNode& node, absl::string_view name) {
  std::optional<NamespaceType> type = NamespaceTypeFromV1Name(name);
  if (type.has_value()) return *type;
  std::vector<absl::string_view> known = V1NamespaceNames();
  return node.Error(absl::StrCat("unknown namespace \"", name, "\", expected ",
                                 absl::StrJoin(known.begin(), known.end() - 1, ", "), " or ",
                                 known.back()));
}

// "namespaces": [{"name": "NEWNS", "path": ...}] or the older
// {"NEWNS": true, ...} map.
absl::Status ImportNamespaces(const JsonNode& top, Linux* linux) {
  std::optional<JsonNode> node = top.Find("namespaces");
  if (!node.has_value()) return absl::OkStatus();
  if (node->value().IsObject()) {
    ASSIGN_OR_RETURN(auto members, node->AsMembers());
    for (const auto& [name, enabled] : members) {
      ASSIGN_OR_RETURN(bool on, enabled.AsBool());
      ASSIGN_OR_RETURN(NamespaceType type, V1Namespace(enabled, name));
      if (on) linux->namespaces.push_back({type, ""});
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    ASSIGN_OR_RETURN(JsonNode name_node, item.Require("name"));
    ASSIGN_OR_RETURN(std::string name, name_node.AsString());
    ASSIGN_OR_RETURN(NamespaceType type, V1Namespace(name_node, name));
    Namespace ns{type, ""};
    RETURN_IF_ERROR(item.Read("path", &ns.path));
    linux->namespaces.push_back(std::move(ns));
  }
  return absl::OkStatus();
}

// "uid_mappings"/"gid_mappings": [{container_id, host_id, size}], which
// libcontainer added with NEWUSER support.
absl::Status ReadV1Mappings(const JsonNode& top, absl::string_view key,
                            std::vector<IdMapping>* out) {
  std::optional<JsonNode> node = top.Find(key);
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    IdMapping m;
    RETURN_IF_ERROR(item.ReadRequired("container_id", &m.container_id));
    RETURN_IF_ERROR(item.ReadRequired("host_id", &m.host_id));
    RETURN_IF_ERROR(item.ReadRequired("size", &m.size));
    out->push_back(m);
  }
  return absl::OkStatus();
}

absl::Status ImportIdMappings(const JsonNode& top, Linux* linux) {
  RETURN_IF_ERROR(ReadV1Mappings(top, "uid_mappings", &linux->uid_mappings));
  return ReadV1Mappings(top, "gid_mappings", &linux->gid_mappings);
}

// A v1 device: {type: 99, path, major_number, minor_number,
// cgroup_permissions, file_mode, uid, gid}. -1 numbers mean "any".
struct V1Device {
  char type = 'c';
  std::string path;
  std::optional<int64_t> major;
  std::optional<int64_t> minor;
  std::string permissions;
  std::optional<uint32_t> file_mode;
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
};

absl::StatusOr<V1Device> ParseV1Device(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  V1Device d;
  ASSIGN_OR_RETURN(JsonNode type, node.Require("type"));
  ASSIGN_OR_RETURN(int32_t rune, type.AsInt<int32_t>());
  // Go runes: 'c' = 99, 'b' = 98, 'a' = 97, 'u' = 117, 'p' = 112.
  if (rune != 'c' && rune != 'b' && rune != 'a' && rune != 'u' && rune != 'p') {
    return type.Error(
        absl::StrCat("expected a device type 99 (c), 98 (b), 97 (a), 117 (u) "
                     "or 112 (p), got ",
                     rune));
  }
  d.type = static_cast<char>(rune);
  RETURN_IF_ERROR(node.Read("path", &d.path));
  int64_t major = 0;
  int64_t minor = 0;
  RETURN_IF_ERROR(node.Read("major_number", &major));
  RETURN_IF_ERROR(node.Read("minor_number", &minor));
  if (major != -1) d.major = major;
  if (minor != -1) d.minor = minor;
  RETURN_IF_ERROR(node.Read("cgroup_permissions", &d.permissions));
  RETURN_IF_ERROR(node.Read("file_mode", &d.file_mode));
  RETURN_IF_ERROR(node.Read("uid", &d.uid));
  RETURN_IF_ERROR(node.Read("gid", &d.gid));
  return d;
}

absl::Status ImportMountConfig(const JsonNode& top, Spec* spec) {
  spec->mounts = V1DefaultMounts();
  std::optional<JsonNode> config = top.Find("mount_config");
  std::optional<JsonNode> nodes;
  if (config.has_value()) {
    RETURN_IF_ERROR(config->ExpectObject());
    RETURN_IF_ERROR(config->Read("mount_label", &spec->linux.mount_label));
    RETURN_IF_ERROR(config->Read("readonly_fs", &spec->root.readonly));
    nodes = config->Find("device_nodes");
    if (std::optional<JsonNode> mounts = config->Find("mounts")) {
      ASSIGN_OR_RETURN(std::vector<JsonNode> items, mounts->AsArray());
      for (const JsonNode& item : items) {
        RETURN_IF_ERROR(item.ExpectObject());
        ASSIGN_OR_RETURN(JsonNode type_node, item.Require("type"));
        ASSIGN_OR_RETURN(std::string type, type_node.AsString());
        Mount m;
        RETURN_IF_ERROR(item.ReadRequired("destination", &m.destination));
        bool writable = false;
        bool is_private = false;
        bool slave = false;
        RETURN_IF_ERROR(item.Read("writable", &writable));
        RETURN_IF_ERROR(item.Read("private", &is_private));
        RETURN_IF_ERROR(item.Read("slave", &slave));
        if (type == "bind") {
          ASSIGN_OR_RETURN(JsonNode source, item.Require("source"));
          ASSIGN_OR_RETURN(m.source, source.AsString());
          m.type = "bind";
          m.options = {"rbind", writable ? "rw" : "ro"};
          if (is_private) m.options.push_back("rprivate");
          if (slave) m.options.push_back("rslave");
        } else if (type == "tmpfs") {
          // v1 mounted tmpfs with its default flags and the mount label.
          m.type = "tmpfs";
          m.source = "tmpfs";
          m.options = {"noexec", "nosuid", "nodev"};
          RETURN_IF_ERROR(item.Read("source", &m.source));
        } else {
          return type_node.Error(
              absl::StrCat("unknown mount type \"", type, "\", expected bind or tmpfs"));
        }
        spec->mounts.push_back(std::move(m));
      }
    }
  }
  if (!nodes.has_value()) {
    spec->linux.devices = V1DefaultDeviceNodes();
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, nodes->AsArray());
  for (const JsonNode& item : items) {
    ASSIGN_OR_RETURN(V1Device d, ParseV1Device(item));
    if (d.path.empty()) return item.Error("a device node needs a path");
    spec->linux.devices.push_back(Device{.path = d.path,
                                         .type = d.type,
                                         .major = d.major.value_or(0),
                                         .minor = d.minor.value_or(0),
                                         .file_mode = d.file_mode,
                                         .uid = d.uid.value_or(0),
                                         .gid = d.gid.value_or(0)});
  }
  return absl::OkStatus();
}

absl::Status ImportCgroups(const JsonNode& top, Linux* linux) {
  Resources r;
  std::optional<JsonNode> node = top.Find("cgroups");
  std::optional<JsonNode> allowed;
  if (node.has_value()) {
    RETURN_IF_ERROR(node->ExpectObject());
    std::string name;
    std::string parent;
    RETURN_IF_ERROR(node->Read("name", &name));
    RETURN_IF_ERROR(node->Read("parent", &parent));
    if (!name.empty()) {
      linux->cgroups_path =
          parent.empty() ? absl::StrCat("/", name) : absl::StrCat("/", parent, "/", name);
    }
    allowed = node->Find("allowed_devices");
    int64_t memory = 0, reservation = 0, swap = 0, quota = 0;
    uint64_t shares = 0, period = 0;
    std::string cpus, mems;
    RETURN_IF_ERROR(node->Read("memory", &memory));
    RETURN_IF_ERROR(node->Read("memory_reservation", &reservation));
    RETURN_IF_ERROR(node->Read("memory_swap", &swap));
    RETURN_IF_ERROR(node->Read("cpu_shares", &shares));
    RETURN_IF_ERROR(node->Read("cpu_quota", &quota));
    RETURN_IF_ERROR(node->Read("cpu_period", &period));
    RETURN_IF_ERROR(node->Read("cpuset_cpus", &cpus));
    RETURN_IF_ERROR(node->Read("cpuset_mems", &mems));
    if (memory != 0 || reservation != 0 || swap != 0) {
      MemoryResources m;
      if (memory != 0) m.limit = memory;
      if (reservation != 0) m.reservation = reservation;
      if (swap != 0) m.swap = swap;
      r.memory = m;
    }
    if (shares != 0 || quota != 0 || period != 0 || !cpus.empty() || !mems.empty()) {
      CpuResources c;
      if (shares != 0) c.shares = shares;
      if (quota != 0) c.quota = quota;
      if (period != 0) c.period = period;
      c.cpus = cpus;
      c.mems = mems;
      r.cpu = c;
    }
  }
  if (!allowed.has_value()) {
    r.devices = V1DefaultDeviceRules();
  } else {
    // v1 listed only what is allowed; the rest was denied.
    r.devices = {DeviceRule{.allow = false, .type = "a", .access = "rwm"}};
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, allowed->AsArray());
    for (const JsonNode& item : items) {
      ASSIGN_OR_RETURN(V1Device d, ParseV1Device(item));
      if (d.type != 'c' && d.type != 'b' && d.type != 'a') {
        return item.Error("device cgroup rules apply to c, b or a devices only");
      }
      r.devices.push_back(DeviceRule{.allow = true,
                                     .type = std::string(1, d.type),
                                     .major = d.major,
                                     .minor = d.minor,
                                     .access = d.permissions.empty() ? "rwm" : d.permissions});
    }
  }
  linux->resources = std::move(r);
  return absl::OkStatus();
}

absl::Status ImportCapabilities(const JsonNode& top, Process* p,
                                std::vector<std::string>* warnings) {
  std::vector<std::string> names;
  std::optional<JsonNode> node = top.Find("capabilities");
  if (!node.has_value()) {
    names = V1DefaultCapabilities();
  } else {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
    absl::StatusOr<int> kernel_last = KernelLastCapability();
    for (const JsonNode& item : items) {
      absl::StatusOr<std::string> name_or = item.AsString();
      if (!name_or.ok()) return name_or.status();
      const std::string& name = *name_or;
      std::string full = name.starts_with("CAP_") ? name : absl::StrCat("CAP_", name);
      std::optional<int> cap = CapabilityFromName(full);
      if (!cap.has_value()) {
        return item.Error(absl::StrCat("unknown capability \"", name, "\""));
      }
      if (kernel_last.ok() && *cap > *kernel_last) {
        Warn(warnings,
             absl::StrCat(item.path(), ": ", full, " is unknown to the running kernel, ignored"));
        continue;
      }
      names.push_back(std::move(full));
    }
  }
  // v1 dropped every other capability from all sets, bounding included.
  p->capabilities = Capabilities{.bounding = names,
                                 .effective = names,
                                 .inheritable = names,
                                 .permitted = names,
                                 .ambient = {}};
  return absl::OkStatus();
}

absl::Status ImportRlimits(const JsonNode& top, Process* p) {
  std::optional<JsonNode> node = top.Find("rlimits");
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    Rlimit r;
    ASSIGN_OR_RETURN(JsonNode type, item.Require("type"));
    ASSIGN_OR_RETURN(r.resource, type.AsInt<int>());
    r.type = std::string(RlimitName(r.resource));
    if (r.type.empty()) {
      return type.Error(absl::StrCat("unknown rlimit resource number ", r.resource));
    }
    RETURN_IF_ERROR(item.ReadRequired("soft", &r.soft));
    RETURN_IF_ERROR(item.ReadRequired("hard", &r.hard));
    p->rlimits.push_back(std::move(r));
  }
  return absl::OkStatus();
}

absl::StatusOr<V1Extras> ImportNetworks(const JsonNode& top) {
  V1Extras extras;
  if (std::optional<JsonNode> node = top.Find("networks")) {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
    for (const JsonNode& item : items) {
      RETURN_IF_ERROR(item.ExpectObject());
      V1Network n;
      ASSIGN_OR_RETURN(JsonNode type, item.Require("type"));
      ASSIGN_OR_RETURN(n.type, type.AsString());
      if (n.type != "loopback" && n.type != "veth" && n.type != "netns") {
        return type.Error(absl::StrCat("unknown network type \"", n.type,
                                       "\", expected loopback, veth or netns"));
      }
      RETURN_IF_ERROR(item.Read("address", &n.address));
      RETURN_IF_ERROR(item.Read("gateway", &n.gateway));
      RETURN_IF_ERROR(item.Read("bridge", &n.bridge));
      RETURN_IF_ERROR(item.Read("veth_prefix", &n.veth_prefix));
      RETURN_IF_ERROR(item.Read("netns_path", &n.netns_path));
      RETURN_IF_ERROR(item.Read("mtu", &n.mtu));
      if (n.type == "netns" && n.netns_path.empty()) {
        return item.Error("netns_path: required for a network of type netns");
      }
      extras.networks.push_back(std::move(n));
    }
  }
  if (std::optional<JsonNode> node = top.Find("routes")) {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
    for (const JsonNode& item : items) {
      RETURN_IF_ERROR(item.ExpectObject());
      V1Route r;
      RETURN_IF_ERROR(item.Read("destination", &r.destination));
      RETURN_IF_ERROR(item.Read("source", &r.source));
      RETURN_IF_ERROR(item.Read("gateway", &r.gateway));
      RETURN_IF_ERROR(item.Read("interface_name", &r.interface_name));
      extras.routes.push_back(std::move(r));
    }
  }
  RETURN_IF_ERROR(top.Read("restrict_sys", &extras.restrict_sys));
  return extras;
}

}  // namespace

absl::StatusOr<Spec> ImportV1Config(absl::string_view json, absl::string_view rootfs_dir,
                                    const std::vector<std::string>& args,
                                    std::vector<std::string>* warnings) {
  rapidjson::Document doc;
  RETURN_IF_ERROR(ParseJsonDocument(json, &doc));
  JsonNode top(doc, "");
  RETURN_IF_ERROR(top.ExpectObject());

  Spec spec;
  spec.oci_version = "1.2.0";
  spec.root.path = std::string(rootfs_dir);
  RETURN_IF_ERROR(top.Read("hostname", &spec.hostname));

  Process p;
  p.args = args;
  RETURN_IF_ERROR(top.Read("tty", &p.terminal));
  RETURN_IF_ERROR(top.Read("environment", &p.env));
  p.cwd = "/";
  RETURN_IF_ERROR(top.Read("working_dir", &p.cwd));
  if (p.cwd.empty()) p.cwd = "/";
  std::string user;
  RETURN_IF_ERROR(top.Read("user", &user));
  ASSIGN_OR_RETURN(V1User resolved, ResolveV1User(user, rootfs_dir, "user", warnings));
  p.user.uid = resolved.uid;
  p.user.gid = resolved.gid;
  bool has_home = false;
  for (const std::string& e : p.env) has_home |= absl::StartsWith(e, "HOME=");
  if (!has_home) {
    p.env.push_back(absl::StrCat("HOME=", resolved.home.empty() ? "/" : resolved.home));
  }
  RETURN_IF_ERROR(ImportCapabilities(top, &p, warnings));
  RETURN_IF_ERROR(ImportRlimits(top, &p));
  RETURN_IF_ERROR(top.Read("apparmor_profile", &p.apparmor_profile));
  RETURN_IF_ERROR(top.Read("process_label", &p.selinux_label));
  spec.process = std::move(p);

  RETURN_IF_ERROR(ImportMountConfig(top, &spec));
  RETURN_IF_ERROR(ImportNamespaces(top, &spec.linux));
  RETURN_IF_ERROR(ImportIdMappings(top, &spec.linux));
  RETURN_IF_ERROR(ImportCgroups(top, &spec.linux));
  ASSIGN_OR_RETURN(V1Extras extras, ImportNetworks(top));
  if (extras.restrict_sys) {
    spec.linux.masked_paths = V1RestrictSysMaskedPaths();
    spec.linux.readonly_paths = V1RestrictSysReadonlyPaths();
  }
  // v1's netns strategy: the container joins the namespace at that path
  // instead of getting a new one.
  for (const V1Network& n : extras.networks) {
    if (n.type != "netns") continue;
    auto ns = std::find_if(spec.linux.namespaces.begin(), spec.linux.namespaces.end(),
                           [](const Namespace& x) { return x.type == NamespaceType::kNetwork; });
    if (ns == spec.linux.namespaces.end()) {
      spec.linux.namespaces.push_back({NamespaceType::kNetwork, n.netns_path});
    } else {
      ns->path = n.netns_path;
    }
  }
  spec.v1 = std::move(extras);

  absl::Status valid = ValidateSpec(spec);
  if (!valid.ok()) return Annotate(valid, "imported v1 config is not valid");
  return spec;
}

}  // namespace nsinit::config

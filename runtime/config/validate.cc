// ValidateSpec: the rules of the runtime-spec schema (config-schema.json,
// config-linux.json, defs*.json) and of the spec text that the JSON types
// alone do not carry. The first violation is returned, its message starting
// with the JSON path of the field.
#include "runtime/config/validate.h"

#include <sys/stat.h>

#include <limits>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rlimit_names.h"
#include "runtime/config/seccomp_names.h"

namespace nsinit::config {
namespace {

absl::Status Invalid(absl::string_view path, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

// A JSON string for messages: "tmp" with quotes and escapes.
std::string Quote(absl::string_view s) {
  rapidjson::Value v(rapidjson::StringRef(s.data(), s.size()));
  return DescribeJsonValue(v);
}

absl::Status CheckAbsolute(absl::string_view path, absl::string_view value) {
  if (!absl::StartsWith(value, "/")) {
    return Invalid(path, absl::StrCat("must be an absolute path, got ", Quote(value)));
  }
  return absl::OkStatus();
}

absl::Status CheckProcess(const Process& p) {
  RETURN_IF_ERROR(CheckAbsolute("process.cwd", p.cwd));
  for (size_t i = 0; i < p.env.size(); ++i) {
    size_t eq = p.env[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      return Invalid(JsonIndexPath("process.env", i),
                     absl::StrCat("expected KEY=value, got ", Quote(p.env[i])));
    }
  }
  if (p.capabilities.has_value()) {
    const Capabilities& c = *p.capabilities;
    const std::pair<const char*, const std::vector<std::string>*> sets[] = {
        {"bounding", &c.bounding},
        {"effective", &c.effective},
        {"inheritable", &c.inheritable},
        {"permitted", &c.permitted},
        {"ambient", &c.ambient}};
    for (const auto& [name, names] : sets) {
      for (size_t i = 0; i < names->size(); ++i) {
        if (!CapabilityFromName((*names)[i]).has_value()) {
          return Invalid(JsonIndexPath(absl::StrCat("process.capabilities.", name), i),
                         absl::StrCat("unknown capability ", Quote((*names)[i])));
        }
      }
    }
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < p.rlimits.size(); ++i) {
    const Rlimit& r = p.rlimits[i];
    std::string path = JsonIndexPath("process.rlimits", i);
    std::optional<int> resource = RlimitFromName(r.type);
    if (!resource.has_value() || *resource != r.resource) {
      return Invalid(absl::StrCat(path, ".type"),
                     absl::StrCat("unknown rlimit type ", Quote(r.type)));
    }
    if (!seen.insert(r.type).second) {
      return Invalid(absl::StrCat(path, ".type"),
                     absl::StrCat("duplicate rlimit type ", Quote(r.type)));
    }
    if (r.soft > r.hard) {
      return Invalid(path, absl::StrCat("soft limit ", r.soft, " exceeds hard limit ", r.hard));
    }
  }
  if (p.oom_score_adj.has_value() && (*p.oom_score_adj < -1000 || *p.oom_score_adj > 1000)) {
    return Invalid("process.oomScoreAdj",
                   absl::StrCat("must be in -1000..1000, got ", *p.oom_score_adj));
  }
  return absl::OkStatus();
}

absl::Status CheckHooks(absl::string_view name, const std::vector<Hook>& hooks) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    std::string path = JsonIndexPath(absl::StrCat("hooks.", name), i);
    RETURN_IF_ERROR(CheckAbsolute(absl::StrCat(path, ".path"), hooks[i].path));
    if (hooks[i].timeout.has_value() && *hooks[i].timeout < 1) {
      return Invalid(absl::StrCat(path, ".timeout"),
                     absl::StrCat("must be at least 1, got ", *hooks[i].timeout));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckIdMappings(absl::string_view path, const std::vector<IdMapping>& mappings) {
  for (size_t i = 0; i < mappings.size(); ++i) {
    if (mappings[i].size == 0) {
      return Invalid(absl::StrCat(JsonIndexPath(path, i), ".size"), "must be at least 1, got 0");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckNamespaces(const Linux& l) {
  std::set<NamespaceType> seen;
  const Namespace* user = nullptr;
  for (size_t i = 0; i < l.namespaces.size(); ++i) {
    const Namespace& ns = l.namespaces[i];
    std::string path = JsonIndexPath("linux.namespaces", i);
    if (!seen.insert(ns.type).second) {
      return Invalid(absl::StrCat(path, ".type"),
                     absl::StrCat("duplicate namespace type ", Quote(NamespaceTypeName(ns.type))));
    }
    if (!ns.path.empty()) {
      RETURN_IF_ERROR(CheckAbsolute(absl::StrCat(path, ".path"), ns.path));
    }
    if (ns.type == NamespaceType::kUser) user = &ns;
  }
  RETURN_IF_ERROR(CheckIdMappings("linux.uidMappings", l.uid_mappings));
  RETURN_IF_ERROR(CheckIdMappings("linux.gidMappings", l.gid_mappings));
  if (user != nullptr && user->path.empty()) {
    // A new user namespace without maps leaves every id unmapped
    // (user_namespaces(7)): nothing in it could run as root or any user.
    if (l.uid_mappings.empty()) {
      return Invalid("linux.uidMappings", "required when a new user namespace is created");
    }
    if (l.gid_mappings.empty()) {
      return Invalid("linux.gidMappings", "required when a new user namespace is created");
    }
  }
  if (user == nullptr) {
    if (!l.uid_mappings.empty()) {
      return Invalid("linux.uidMappings", "set without a user namespace");
    }
    if (!l.gid_mappings.empty()) {
      return Invalid("linux.gidMappings", "set without a user namespace");
    }
  }
  for (const auto& [clock, offset] : l.time_offsets) {
    std::string path = JsonMemberPath("linux.timeOffsets", clock);
    if (clock != "monotonic" && clock != "boottime") {
      return Invalid(
          path, absl::StrCat("unknown clock ", Quote(clock), ", expected monotonic or boottime"));
    }
    if (offset.nanosecs >= 1000000000) {
      return Invalid(absl::StrCat(path, ".nanosecs"),
                     absl::StrCat("must be below 1000000000, got ", offset.nanosecs));
    }
    if (seen.count(NamespaceType::kTime) == 0) {
      return Invalid(path, "set without a time namespace");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDevices(const Linux& l) {
  for (size_t i = 0; i < l.devices.size(); ++i) {
    const Device& d = l.devices[i];
    std::string path = JsonIndexPath("linux.devices", i);
    if (d.type != 'c' && d.type != 'b' && d.type != 'u' && d.type != 'p') {
      return Invalid(absl::StrCat(path, ".type"), absl::StrCat("expected one of c, b, u, p, got ",
                                                               Quote(std::string(1, d.type))));
    }
    RETURN_IF_ERROR(CheckAbsolute(absl::StrCat(path, ".path"), d.path));
    // podman writes the whole st_mode, file type included (020666 for a
    // char device), and runc accepts it: the type bits of the node's own
    // type are allowed (the mode applied is the low 07777).
    uint32_t own_type = d.type == 'b' ? S_IFBLK : d.type == 'p' ? S_IFIFO : S_IFCHR;
    if (d.file_mode.has_value() && (*d.file_mode & ~07777u) != 0 &&
        (*d.file_mode & ~07777u) != own_type) {
      return Invalid(absl::StrCat(path, ".fileMode"),
                     absl::StrCat("must be a permission mode (at most 07777), got ", *d.file_mode));
    }
  }
  return absl::OkStatus();
}

bool IsHugepageSize(absl::string_view s) {
  // ^[1-9][0-9]*[KMG]B$ (config-linux.json).
  if (s.size() < 3 || s[0] < '1' || s[0] > '9' || s.back() != 'B') return false;
  char unit = s[s.size() - 2];
  if (unit != 'K' && unit != 'M' && unit != 'G') return false;
  for (char c : s.substr(1, s.size() - 3)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CheckResources(const Resources& r) {
  for (size_t i = 0; i < r.devices.size(); ++i) {
    const DeviceRule& d = r.devices[i];
    std::string path = JsonIndexPath("linux.resources.devices", i);
    if (d.type != "a" && d.type != "c" && d.type != "b") {
      return Invalid(absl::StrCat(path, ".type"),
                     absl::StrCat("expected one of a, c, b, got ", Quote(d.type)));
    }
    if (d.access.find_first_not_of("rwm") != std::string::npos) {
      return Invalid(absl::StrCat(path, ".access"),
                     absl::StrCat("expected letters of \"rwm\", got ", Quote(d.access)));
    }
  }
  // 2^64-1 is -1 read as unsigned: "not set", as runc reads it.
  if (r.memory.has_value() && r.memory->swappiness.has_value() && *r.memory->swappiness > 100 &&
      *r.memory->swappiness != std::numeric_limits<uint64_t>::max()) {
    return Invalid("linux.resources.memory.swappiness",
                   absl::StrCat("must be at most 100, got ", *r.memory->swappiness));
  }
  if (r.pids.has_value() && r.pids->limit.has_value() && *r.pids->limit < -1) {
    return Invalid("linux.resources.pids.limit",
                   absl::StrCat("must be -1 (unlimited) or more, got ", *r.pids->limit));
  }
  for (size_t i = 0; i < r.hugepage_limits.size(); ++i) {
    if (!IsHugepageSize(r.hugepage_limits[i].page_size)) {
      return Invalid(absl::StrCat(JsonIndexPath("linux.resources.hugepageLimits", i), ".pageSize"),
                     absl::StrCat("expected a size like \"2MB\" (^[1-9][0-9]*[KMG]B$), got ",
                                  Quote(r.hugepage_limits[i].page_size)));
    }
  }
  if (r.block_io.has_value()) {
    // blkio.weight accepts 10..1000 (cgroup v1 blkio, io.bfq.weight); 0
    // is "not set", as Docker writes it and runc reads it (SPEC CG-045).
    auto check_weight = [](absl::string_view path, std::optional<uint16_t> w) -> absl::Status {
      if (w.has_value() && *w != 0 && (*w < 10 || *w > 1000)) {
        return Invalid(path, absl::StrCat("must be in 10..1000, got ", *w));
      }
      return absl::OkStatus();
    };
    const BlockIoResources& b = *r.block_io;
    RETURN_IF_ERROR(check_weight("linux.resources.blockIO.weight", b.weight));
    RETURN_IF_ERROR(check_weight("linux.resources.blockIO.leafWeight", b.leaf_weight));
    for (size_t i = 0; i < b.weight_device.size(); ++i) {
      std::string path = JsonIndexPath("linux.resources.blockIO.weightDevice", i);
      RETURN_IF_ERROR(check_weight(absl::StrCat(path, ".weight"), b.weight_device[i].weight));
      RETURN_IF_ERROR(
          check_weight(absl::StrCat(path, ".leafWeight"), b.weight_device[i].leaf_weight));
    }
  }
  return absl::OkStatus();
}

// "SCMP_ACT_ERRNO or SCMP_ACT_TRACE": the actions whose value carries errnoRet.
std::string ActionsTakingErrnoRet() {
  std::vector<absl::string_view> names;
  for (const SeccompActionInfo& a : SeccompActions()) {
    if (a.takes_ret) names.push_back(a.name);
  }
  return absl::StrCat(absl::StrJoin(names.begin(), names.end() - 1, ", "), " or ", names.back());
}

absl::Status CheckSeccomp(const Seccomp& s) {
  bool notify = false;
  if (!IsSeccompAction(s.default_action)) {
    return Invalid("linux.seccomp.defaultAction",
                   absl::StrCat("unknown seccomp action ", Quote(s.default_action)));
  }
  notify |= s.default_action == "SCMP_ACT_NOTIFY";
  for (size_t i = 0; i < s.architectures.size(); ++i) {
    if (!IsSeccompArch(s.architectures[i])) {
      return Invalid(JsonIndexPath("linux.seccomp.architectures", i),
                     absl::StrCat("unknown seccomp architecture ", Quote(s.architectures[i])));
    }
  }
  for (size_t i = 0; i < s.flags.size(); ++i) {
    if (!IsSeccompFlag(s.flags[i])) {
      return Invalid(JsonIndexPath("linux.seccomp.flags", i),
                     absl::StrCat("unknown seccomp flag ", Quote(s.flags[i])));
    }
  }
  for (size_t i = 0; i < s.syscalls.size(); ++i) {
    const SeccompSyscall& sc = s.syscalls[i];
    std::string path = JsonIndexPath("linux.seccomp.syscalls", i);
    if (sc.names.empty()) {
      return Invalid(absl::StrCat(path, ".names"), "must name at least one syscall");
    }
    if (!IsSeccompAction(sc.action)) {
      return Invalid(absl::StrCat(path, ".action"),
                     absl::StrCat("unknown seccomp action ", Quote(sc.action)));
    }
    notify |= sc.action == "SCMP_ACT_NOTIFY";
    // errnoRet is the return value of ERRNO and TRACE; with any other
    // action it would be silently meaningless.
    if (sc.errno_ret && !FindSeccompAction(sc.action)->takes_ret) {
      return Invalid(
          absl::StrCat(path, ".errnoRet"),
          absl::StrCat("only valid with ", ActionsTakingErrnoRet(), ", not ", Quote(sc.action)));
    }
    for (size_t j = 0; j < sc.args.size(); ++j) {
      const SeccompArg& a = sc.args[j];
      std::string arg_path = JsonIndexPath(absl::StrCat(path, ".args"), j);
      if (!IsSeccompOperator(a.op)) {
        return Invalid(absl::StrCat(arg_path, ".op"),
                       absl::StrCat("unknown seccomp operator ", Quote(a.op)));
      }
      if (a.index > 5) {  // Syscalls take at most six arguments.
        return Invalid(absl::StrCat(arg_path, ".index"),
                       absl::StrCat("must be in 0..5, got ", a.index));
      }
    }
  }
  if (notify && s.listener_path.empty()) {
    return Invalid("linux.seccomp.listenerPath", "required when an action is SCMP_ACT_NOTIFY");
  }
  if (!s.listener_metadata.empty() && s.listener_path.empty()) {
    return Invalid("linux.seccomp.listenerMetadata", "given without listenerPath");
  }
  // The state goes to the listener only with the filter's notify fd: with no
  // SCMP_ACT_NOTIFY there is nothing to send, and a listener waiting on the
  // socket would wait forever. Refused, so its owner learns it at create.
  if (!notify && !s.listener_path.empty()) {
    return Invalid("linux.seccomp.listenerPath",
                   "set, but no action is SCMP_ACT_NOTIFY: nothing would ever be sent to it");
  }
  return absl::OkStatus();
}

// The runtime-spec defines two domains and no flag: anything else would be
// ignored silently, so it is refused (as runc refuses flags).
absl::Status CheckPersonality(const Personality& p) {
  if (p.domain != "LINUX" && p.domain != "LINUX32") {
    return Invalid("linux.personality.domain",
                   absl::StrCat("expected LINUX or LINUX32, got ", Quote(p.domain)));
  }
  if (!p.flags.empty()) {
    return Invalid("linux.personality.flags",
                   absl::StrCat("no personality flag is defined, got ", Quote(p.flags[0])));
  }
  return absl::OkStatus();
}

// config-linux#network-devices: names the kernel would refuse or that
// would clash in the container are refused before anything moves, and a
// device can only go into a network namespace of the container's.
absl::Status CheckNetDevices(const Linux& l) {
  if (l.net_devices.empty()) return absl::OkStatus();
  bool netns = false;
  for (const Namespace& ns : l.namespaces) netns |= ns.type == NamespaceType::kNetwork;
  if (!netns) {
    return Invalid("linux.netDevices", "needs a network namespace in linux.namespaces");
  }
  auto valid = [](const std::string& n) {
    return !n.empty() && n.size() < 16 && n != "." && n != ".." &&
           n.find_first_of("/: \t\n") == std::string::npos;
  };
  std::set<std::string> names;
  for (const auto& [host_name, device] : l.net_devices) {
    std::string path = absl::StrCat("linux.netDevices[", Quote(host_name), "]");
    if (!valid(host_name)) {
      return Invalid(path, absl::StrCat("not a valid interface name: ", Quote(host_name)));
    }
    const std::string& name = device.name.empty() ? host_name : device.name;
    if (!valid(name)) {
      return Invalid(absl::StrCat(path, ".name"),
                     absl::StrCat("not a valid interface name: ", Quote(name)));
    }
    if (!names.insert(name).second) {
      return Invalid(absl::StrCat(path, ".name"),
                     absl::StrCat(Quote(name), " is given to two devices"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLinux(const Linux& l) {
  RETURN_IF_ERROR(CheckNetDevices(l));
  RETURN_IF_ERROR(CheckNamespaces(l));
  RETURN_IF_ERROR(CheckDevices(l));
  if (l.resources.has_value()) RETURN_IF_ERROR(CheckResources(*l.resources));
  // The spec's four values and their recursive forms, which runc and crun
  // accept as well (mount(8) names).
  static const std::set<std::string> kPropagations = {
      "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable"};
  if (!l.rootfs_propagation.empty() && kPropagations.count(l.rootfs_propagation) == 0) {
    return Invalid("linux.rootfsPropagation",
                   absl::StrCat("expected one of private, shared, slave, "
                                "unbindable (or rprivate, rshared, rslave, runbindable), got ",
                                Quote(l.rootfs_propagation)));
  }
  if (l.seccomp.has_value()) RETURN_IF_ERROR(CheckSeccomp(*l.seccomp));
  if (l.personality.has_value()) RETURN_IF_ERROR(CheckPersonality(*l.personality));
  for (size_t i = 0; i < l.masked_paths.size(); ++i) {
    RETURN_IF_ERROR(CheckAbsolute(JsonIndexPath("linux.maskedPaths", i), l.masked_paths[i]));
  }
  for (size_t i = 0; i < l.readonly_paths.size(); ++i) {
    RETURN_IF_ERROR(CheckAbsolute(JsonIndexPath("linux.readonlyPaths", i), l.readonly_paths[i]));
  }
  return absl::OkStatus();
}

// SemVer 2.0.0: MAJOR.MINOR.PATCH, then optional -prerelease and +build.
bool IsSemVer(absl::string_view v) {
  size_t end = v.find_first_of("-+");
  absl::string_view core = v.substr(0, end);
  int parts = 0;
  for (absl::string_view n : absl::StrSplit(core, '.')) {
    if (n.empty() || n.find_first_not_of("0123456789") != absl::string_view::npos ||
        (n.size() > 1 && n[0] == '0')) {
      return false;
    }
    ++parts;
  }
  if (parts != 3) return false;
  if (end == absl::string_view::npos) return true;
  absl::string_view rest = v.substr(end + 1);
  return !rest.empty() &&
         rest.find_first_not_of(
             "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.+") ==
             absl::string_view::npos;
}

}  // namespace

absl::Status ValidateSpec(const Spec& spec) {
  if (spec.oci_version.empty()) {
    return Invalid("ociVersion", "required field is missing");
  }
  if (!IsSemVer(spec.oci_version)) {
    return Invalid("ociVersion", absl::StrCat("expected a SemVer version like 1.2.0, got ",
                                              Quote(spec.oci_version)));
  }
  if (spec.root.path.empty()) {
    return Invalid("root.path", "required field is missing");
  }
  if (spec.process.has_value()) RETURN_IF_ERROR(CheckProcess(*spec.process));
  for (size_t i = 0; i < spec.mounts.size(); ++i) {
    RETURN_IF_ERROR(CheckAbsolute(absl::StrCat(JsonIndexPath("mounts", i), ".destination"),
                                  spec.mounts[i].destination));
    // Mappings only mean something on an id-mapped mount; without the
    // option they would be ignored and the files keep their host owners.
    const Mount& m = spec.mounts[i];
    bool idmap = false;
    for (const std::string& o : m.options) idmap |= o == "idmap" || o == "ridmap";
    if (!idmap && (!m.uid_mappings.empty() || !m.gid_mappings.empty())) {
      return Invalid(absl::StrCat(JsonIndexPath("mounts", i),
                                  m.uid_mappings.empty() ? ".gidMappings" : ".uidMappings"),
                     "set without the idmap or ridmap option");
    }
  }
  RETURN_IF_ERROR(CheckHooks("prestart", spec.hooks.prestart));
  RETURN_IF_ERROR(CheckHooks("createRuntime", spec.hooks.create_runtime));
  RETURN_IF_ERROR(CheckHooks("createContainer", spec.hooks.create_container));
  RETURN_IF_ERROR(CheckHooks("startContainer", spec.hooks.start_container));
  RETURN_IF_ERROR(CheckHooks("poststart", spec.hooks.poststart));
  RETURN_IF_ERROR(CheckHooks("poststop", spec.hooks.poststop));
  return CheckLinux(spec.linux);
}

}  // namespace nsinit::config

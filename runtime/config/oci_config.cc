// ParseOciConfig and LoadOciBundle: the top level of config.json, root,
// process, mounts and hooks. The linux object is in oci_linux_parse.cc.
#include "runtime/config/oci_config.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/oci_parse_internal.h"
#include "runtime/config/rlimit_names.h"
#include "runtime/config/validate.h"

namespace nsinit::config {
namespace internal {

absl::Status ReadIdMappings(const JsonNode& parent, absl::string_view key,
                            std::vector<IdMapping>* out) {
  std::optional<JsonNode> node = parent.Find(key);
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  out->clear();
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    IdMapping m;
    RETURN_IF_ERROR(item.ReadRequired("containerID", &m.container_id));
    RETURN_IF_ERROR(item.ReadRequired("hostID", &m.host_id));
    RETURN_IF_ERROR(item.ReadRequired("size", &m.size));
    out->push_back(m);
  }
  return absl::OkStatus();
}

}  // namespace internal

namespace {

// What the parser needs to know about the running kernel.
struct ParseContext {
  int kernel_last_cap = LastKnownCapability();
  std::vector<std::string>* warnings = nullptr;

  void Warn(std::string message) {
    if (warnings != nullptr) warnings->push_back(std::move(message));
  }
};

absl::Status ReadCapabilitySet(const JsonNode& caps, absl::string_view key,
                               ParseContext& ctx,
                               std::vector<std::string>* out) {
  std::optional<JsonNode> node = caps.Find(key);
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  out->clear();
  for (const JsonNode& item : items) {
    ASSIGN_OR_RETURN(std::string name, item.AsString());
    std::optional<int> cap = CapabilityFromName(name);
    if (!cap.has_value()) {
      return item.Error(
          absl::StrCat("unknown capability ", DescribeJsonValue(item.value())));
    }
    if (*cap > ctx.kernel_last_cap) {
      // runtime-spec: "Any value which cannot be mapped to a relevant kernel
      // interface ... MUST be logged as a warning and otherwise ignored".
      ctx.Warn(absl::StrCat(item.path(), ": ", name,
                            " is unknown to the running kernel (cap_last_cap ",
                            ctx.kernel_last_cap, "), ignored"));
      continue;
    }
    out->push_back(std::move(name));
  }
  return absl::OkStatus();
}

absl::StatusOr<Capabilities> ParseCapabilities(const JsonNode& node,
                                               ParseContext& ctx) {
  RETURN_IF_ERROR(node.ExpectObject());
  Capabilities caps;
  RETURN_IF_ERROR(ReadCapabilitySet(node, "bounding", ctx, &caps.bounding));
  RETURN_IF_ERROR(ReadCapabilitySet(node, "effective", ctx, &caps.effective));
  RETURN_IF_ERROR(
      ReadCapabilitySet(node, "inheritable", ctx, &caps.inheritable));
  RETURN_IF_ERROR(ReadCapabilitySet(node, "permitted", ctx, &caps.permitted));
  RETURN_IF_ERROR(ReadCapabilitySet(node, "ambient", ctx, &caps.ambient));
  return caps;
}

absl::StatusOr<Rlimit> ParseRlimit(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Rlimit r;
  ASSIGN_OR_RETURN(JsonNode type, node.Require("type"));
  ASSIGN_OR_RETURN(r.type, type.AsString());
  std::optional<int> resource = RlimitFromName(r.type);
  if (!resource.has_value()) {
    return type.Error(
        absl::StrCat("unknown rlimit type ", DescribeJsonValue(type.value())));
  }
  r.resource = *resource;
  RETURN_IF_ERROR(node.ReadRequired("soft", &r.soft));
  RETURN_IF_ERROR(node.ReadRequired("hard", &r.hard));
  return r;
}

absl::StatusOr<Process> ParseProcess(const JsonNode& node, ParseContext& ctx) {
  RETURN_IF_ERROR(node.ExpectObject());
  Process p;
  RETURN_IF_ERROR(node.Read("terminal", &p.terminal));
  if (std::optional<JsonNode> size = node.Find("consoleSize")) {
    RETURN_IF_ERROR(size->ExpectObject());
    ConsoleSize cs;
    ASSIGN_OR_RETURN(JsonNode height, size->Require("height"));
    ASSIGN_OR_RETURN(cs.height, height.AsInt<uint32_t>());
    ASSIGN_OR_RETURN(JsonNode width, size->Require("width"));
    ASSIGN_OR_RETURN(cs.width, width.AsInt<uint32_t>());
    p.console_size = cs;
  }
  if (std::optional<JsonNode> user = node.Find("user")) {
    RETURN_IF_ERROR(user->ExpectObject());
    RETURN_IF_ERROR(user->Read("uid", &p.user.uid));
    RETURN_IF_ERROR(user->Read("gid", &p.user.gid));
    RETURN_IF_ERROR(user->Read("umask", &p.user.umask));
    RETURN_IF_ERROR(user->Read("additionalGids", &p.user.additional_gids));
  }
  RETURN_IF_ERROR(node.Read("args", &p.args));
  RETURN_IF_ERROR(node.Read("env", &p.env));
  // The schema makes cwd required: a process without one is an error
  // rather than silently "/".
  RETURN_IF_ERROR(node.ReadRequired("cwd", &p.cwd));
  if (std::optional<JsonNode> caps = node.Find("capabilities")) {
    ASSIGN_OR_RETURN(p.capabilities, ParseCapabilities(*caps, ctx));
  }
  if (std::optional<JsonNode> rlimits = node.Find("rlimits")) {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, rlimits->AsArray());
    for (const JsonNode& item : items) {
      ASSIGN_OR_RETURN(Rlimit r, ParseRlimit(item));
      p.rlimits.push_back(std::move(r));
    }
  }
  RETURN_IF_ERROR(node.Read("noNewPrivileges", &p.no_new_privileges));
  RETURN_IF_ERROR(node.Read("apparmorProfile", &p.apparmor_profile));
  RETURN_IF_ERROR(node.Read("oomScoreAdj", &p.oom_score_adj));
  RETURN_IF_ERROR(node.Read("selinuxLabel", &p.selinux_label));
  if (std::optional<JsonNode> io = node.Find("ioPriority")) {
    RETURN_IF_ERROR(io->ExpectObject());
    IoPriority prio;
    ASSIGN_OR_RETURN(JsonNode io_class, io->Require("class"));
    ASSIGN_OR_RETURN(prio.io_class, io_class.AsString());
    RETURN_IF_ERROR(io->Read("priority", &prio.priority));
    p.io_priority = prio;
  }
  if (std::optional<JsonNode> sched = node.Find("scheduler")) {
    RETURN_IF_ERROR(sched->ExpectObject());
    Scheduler s;
    ASSIGN_OR_RETURN(JsonNode policy, sched->Require("policy"));
    ASSIGN_OR_RETURN(s.policy, policy.AsString());
    RETURN_IF_ERROR(sched->Read("nice", &s.nice));
    RETURN_IF_ERROR(sched->Read("priority", &s.priority));
    RETURN_IF_ERROR(sched->Read("flags", &s.flags));
    RETURN_IF_ERROR(sched->Read("runtime", &s.runtime));
    RETURN_IF_ERROR(sched->Read("deadline", &s.deadline));
    RETURN_IF_ERROR(sched->Read("period", &s.period));
    p.scheduler = s;
  }
  if (std::optional<JsonNode> affinity = node.Find("execCPUAffinity")) {
    RETURN_IF_ERROR(affinity->ExpectObject());
    ExecCpuAffinity a;
    RETURN_IF_ERROR(affinity->Read("initial", &a.initial));
    RETURN_IF_ERROR(affinity->Read("final", &a.final));
    p.exec_cpu_affinity = a;
  }
  return p;
}

absl::StatusOr<Mount> ParseMount(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Mount m;
  RETURN_IF_ERROR(node.ReadRequired("destination", &m.destination));
  RETURN_IF_ERROR(node.Read("type", &m.type));
  RETURN_IF_ERROR(node.Read("source", &m.source));
  RETURN_IF_ERROR(node.Read("options", &m.options));
  RETURN_IF_ERROR(
      internal::ReadIdMappings(node, "uidMappings", &m.uid_mappings));
  RETURN_IF_ERROR(
      internal::ReadIdMappings(node, "gidMappings", &m.gid_mappings));
  return m;
}

absl::Status ReadHooks(const JsonNode& hooks, absl::string_view key,
                       std::vector<Hook>* out) {
  std::optional<JsonNode> node = hooks.Find(key);
  if (!node.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<JsonNode> items, node->AsArray());
  for (const JsonNode& item : items) {
    RETURN_IF_ERROR(item.ExpectObject());
    Hook h;
    RETURN_IF_ERROR(item.ReadRequired("path", &h.path));
    RETURN_IF_ERROR(item.Read("args", &h.args));
    RETURN_IF_ERROR(item.Read("env", &h.env));
    RETURN_IF_ERROR(item.Read("timeout", &h.timeout));
    out->push_back(std::move(h));
  }
  return absl::OkStatus();
}

absl::StatusOr<Hooks> ParseHooks(const JsonNode& node) {
  RETURN_IF_ERROR(node.ExpectObject());
  Hooks h;
  RETURN_IF_ERROR(ReadHooks(node, "prestart", &h.prestart));
  RETURN_IF_ERROR(ReadHooks(node, "createRuntime", &h.create_runtime));
  RETURN_IF_ERROR(ReadHooks(node, "createContainer", &h.create_container));
  RETURN_IF_ERROR(ReadHooks(node, "startContainer", &h.start_container));
  RETURN_IF_ERROR(ReadHooks(node, "poststart", &h.poststart));
  RETURN_IF_ERROR(ReadHooks(node, "poststop", &h.poststop));
  return h;
}

absl::StatusOr<Spec> ParseUnvalidated(const JsonNode& top, ParseContext& ctx) {
  RETURN_IF_ERROR(top.ExpectObject());
  Spec spec;
  RETURN_IF_ERROR(top.Read("ociVersion", &spec.oci_version));
  if (std::optional<JsonNode> root = top.Find("root")) {
    RETURN_IF_ERROR(root->ExpectObject());
    ASSIGN_OR_RETURN(JsonNode path, root->Require("path"));
    ASSIGN_OR_RETURN(spec.root.path, path.AsString());
    RETURN_IF_ERROR(root->Read("readonly", &spec.root.readonly));
  }
  if (std::optional<JsonNode> process = top.Find("process")) {
    ASSIGN_OR_RETURN(spec.process, ParseProcess(*process, ctx));
  }
  RETURN_IF_ERROR(top.Read("hostname", &spec.hostname));
  RETURN_IF_ERROR(top.Read("domainname", &spec.domainname));
  if (std::optional<JsonNode> mounts = top.Find("mounts")) {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, mounts->AsArray());
    for (const JsonNode& item : items) {
      ASSIGN_OR_RETURN(Mount m, ParseMount(item));
      spec.mounts.push_back(std::move(m));
    }
  }
  if (std::optional<JsonNode> hooks = top.Find("hooks")) {
    ASSIGN_OR_RETURN(spec.hooks, ParseHooks(*hooks));
  }
  RETURN_IF_ERROR(top.Read("annotations", &spec.annotations));
  if (std::optional<JsonNode> linux = top.Find("linux")) {
    ASSIGN_OR_RETURN(spec.linux, internal::ParseLinux(*linux));
  }
  // Other platforms' objects (windows, solaris, vm, zos) are ignored like
  // any unknown field: a Linux runtime has nothing to apply from them.
  return spec;
}

}  // namespace

absl::StatusOr<Spec> ParseOciConfigForKernel(
    absl::string_view json, int kernel_last_cap,
    std::vector<std::string>* warnings) {
  rapidjson::Document doc;
  RETURN_IF_ERROR(ParseJsonDocument(json, &doc));
  ParseContext ctx;
  ctx.warnings = warnings;
  ctx.kernel_last_cap = kernel_last_cap;
  ASSIGN_OR_RETURN(Spec spec, ParseUnvalidated(JsonNode(doc, ""), ctx));
  RETURN_IF_ERROR(ValidateSpec(spec));
  return spec;
}

absl::StatusOr<Spec> ParseOciConfig(absl::string_view json,
                                    std::vector<std::string>* warnings) {
  absl::StatusOr<int> kernel_last = ReadKernelLastCapability();
  if (!kernel_last.ok()) {
    // Without /proc (a build sandbox, an early boot) keep every name the
    // headers know; the capability step in the child reports what fails.
    if (warnings != nullptr) {
      warnings->push_back(absl::StrCat(
          "cannot read the kernel's last capability, keeping all known names: ",
          kernel_last.status().message()));
    }
    return ParseOciConfigForKernel(json, LastKnownCapability(), warnings);
  }
  return ParseOciConfigForKernel(json, *kernel_last, warnings);
}

absl::StatusOr<Spec> LoadOciBundle(absl::string_view bundle_dir,
                                   std::vector<std::string>* warnings) {
  std::string bundle(bundle_dir);
  if (!absl::StartsWith(bundle, "/")) {
    // root.path must come out absolute even for `--bundle .`.
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)) == nullptr) return LastErrnoStatus("getcwd");
    bundle = absl::StrCat(cwd, "/", bundle);
  }
  while (bundle.size() > 1 && bundle.back() == '/') bundle.pop_back();
  std::string path = absl::StrCat(bundle, "/config.json");
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus(errno, absl::StrCat("open ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return ErrnoStatus(errno, absl::StrCat("read ", path));
  absl::StatusOr<Spec> spec = ParseOciConfig(text.str(), warnings);
  if (!spec.ok()) return Annotate(spec.status(), path);
  if (!spec->root.path.empty() && !absl::StartsWith(spec->root.path, "/")) {
    spec->root.path = absl::StrCat(bundle, "/", spec->root.path);
  }
  return spec;
}

namespace {

// Parses config members (`"process": {...}`) inside a minimal config, so a
// fragment goes through the same parser and validation as config.json and
// its errors carry the same JSON paths.
absl::StatusOr<Spec> ParseInMinimalConfig(absl::string_view members) {
  return ParseOciConfig(
      absl::StrCat(R"({"ociVersion": "1.2.0", "root": {"path": "/"}, )", members, "}"));
}

}  // namespace

absl::StatusOr<Resources> ParseResources(absl::string_view json) {
  ASSIGN_OR_RETURN(Spec spec,
                   ParseInMinimalConfig(absl::StrCat(R"("linux": {"resources": )", json, "}")));
  return spec.linux.resources.value_or(Resources());
}

absl::StatusOr<Process> ParseProcess(absl::string_view json) {
  ASSIGN_OR_RETURN(Spec spec, ParseInMinimalConfig(absl::StrCat(R"("process": )", json)));
  if (!spec.process) return absl::InvalidArgumentError("process: missing");
  return *spec.process;
}

}  // namespace nsinit::config

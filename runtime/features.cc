#include "runtime/features.h"

#include <algorithm>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/hooks/hooks.h"
#include "runtime/linux/lsm.h"
#include "runtime/linux/mount_options.h"
#include "runtime/process/memory_policy_plan.h"

namespace nsinit {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void Strings(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

std::vector<std::string> NamespaceNames() {
  std::vector<std::string> names;
  for (const config::NamespaceInfo& ns : config::AllNamespaces()) names.emplace_back(ns.oci_name);
  return names;
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

void Enabled(Writer& w, const char* key, bool enabled) {
  w.Key(key);
  w.StartObject();
  w.Key("enabled");
  w.Bool(enabled);
  w.EndObject();
}

}  // namespace

std::string FeaturesJson() {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("ociVersionMin");
  w.String("1.0.0");
  w.Key("ociVersionMax");
  w.String("1.2.0");
  Strings(w, "hooks", hooks::SupportedHookNames());
  Strings(w, "mountOptions", sys::KnownMountOptions());
  w.Key("linux");
  w.StartObject();
  Strings(w, "namespaces", Sorted(NamespaceNames()));
  Strings(w, "capabilities", config::AllCapabilityNames());
  w.Key("cgroup");
  w.StartObject();
  w.Key("v1");
  w.Bool(true);
  w.Key("v2");
  w.Bool(true);
  w.Key("systemd");
  w.Bool(false);
  w.Key("systemdUser");
  w.Bool(false);
  w.Key("rdma");
  w.Bool(false);
  w.EndObject();
  w.Key("seccomp");
  w.StartObject();
  w.Key("enabled");
  w.Bool(true);
  Strings(w, "actions",
          {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
           "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE",
           "SCMP_ACT_TRAP"});
  Strings(w, "operators",
          {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
           "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"});
  Strings(w, "archs", {"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"});
  Strings(w, "knownFlags",
          {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
           "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"});
  Strings(w, "supportedFlags",
          {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"});
  w.EndObject();
  Enabled(w, "apparmor", sys::AppArmorEnabled());
  Enabled(w, "selinux", sys::SelinuxEnabled());
  Enabled(w, "intelRdt", false);
  // linux.netDevices: moved in by the parent, back on delete (network/).
  Enabled(w, "netDevices", true);
  w.Key("mountExtensions");
  w.StartObject();
  Enabled(w, "idmap", false);
  w.EndObject();
  // linux.memoryPolicy (features-linux, runtime-spec 1.3).
  w.Key("memoryPolicy");
  w.StartObject();
  Strings(w, "modes", process::MemoryPolicyModes());
  Strings(w, "flags", process::MemoryPolicyFlags());
  w.EndObject();
  w.EndObject();
  w.Key("annotations");
  w.StartObject();
  w.Key("org.opencontainers.runtime-spec.features.ociVersionMax");
  w.String("1.2.0");
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace nsinit

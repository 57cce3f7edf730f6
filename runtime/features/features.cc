#include "runtime/features/features.h"

#include <algorithm>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/seccomp_names.h"
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

// The `name` column of a vocabulary table (config/*_names.h); with
// `listed`, only of the rows where that column is true.
template <typename Row>
std::vector<std::string> Names(absl::Span<const Row> rows, bool Row::*listed = nullptr) {
  std::vector<std::string> names;
  for (const Row& row : rows) {
    if (listed == nullptr || row.*listed) names.emplace_back(row.name);
  }
  return names;
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
  Strings(w, "actions", Sorted(Names(config::SeccompActions())));
  Strings(w, "operators", Sorted(Names(config::SeccompOperators())));
  Strings(w, "archs", Names(config::SeccompArchs(), &config::SeccompArchInfo::listed));
  Strings(w, "knownFlags", Names(config::SeccompFlags()));
  Strings(w, "supportedFlags",
          Names(config::SeccompFlags(), &config::SeccompFlagInfo::listed_as_supported));
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

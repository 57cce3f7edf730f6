// ParseOciConfig and LoadOciBundle: config.json read along the field lists
// of oci_fields.h, then validated.
#include "runtime/config/oci_config.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/oci_fields.h"
#include "runtime/config/validate.h"

namespace nsinit::config {

absl::StatusOr<Spec> ParseOciConfigForKernel(absl::string_view json, int kernel_last_cap,
                                             std::vector<std::string>* warnings) {
  rapidjson::Document doc;
  RETURN_IF_ERROR(ParseJsonDocument(json, &doc));
  OciReadContext ctx{.kernel_last_cap = kernel_last_cap, .warnings = warnings};
  Spec spec;
  RETURN_IF_ERROR(ReadFields<JsonFields<Spec>>(JsonNode(doc, ""), &spec, ctx));
  RETURN_IF_ERROR(ValidateSpec(spec));
  return spec;
}

absl::StatusOr<Spec> ParseOciConfig(absl::string_view json, std::vector<std::string>* warnings) {
  absl::StatusOr<int> kernel_last = KernelLastCapability();
  if (!kernel_last.ok()) {
    // Without /proc (a build sandbox, an early boot) keep every name the
    // headers know; the capability step in the child reports what fails.
    if (warnings != nullptr) {
      warnings->push_back(
          absl::StrCat("cannot read the kernel's last capability, keeping all known names: ",
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
  // 16 MiB: far above any real config, and under the state directory's
  // 64 MiB cap on the snapshot it becomes.
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, 16 << 20));
  absl::StatusOr<Spec> spec = ParseOciConfig(text, warnings);
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

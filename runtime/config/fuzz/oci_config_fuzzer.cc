// Fuzzes OCI config.json parsing and validation (ParseOciConfigForKernel),
// and the two partial parsers the CLI feeds from files (`update -r`,
// `exec -p`). Beyond "no crash, no sanitizer report", a config that parses
// must survive its own output: ParseOciConfig(ToOciJson(spec)) == spec.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "runtime/config/oci_config.h"
#include "tools/bazel/fuzz_target.h"

namespace {
// A fixed kernel: the target must not depend on the host it runs on.
constexpr int kLastCap = 40;  // CAP_CHECKPOINT_RESTORE
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view json(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  absl::StatusOr<nsinit::config::Spec> spec =
      nsinit::config::ParseOciConfigForKernel(json, kLastCap, &warnings);
  if (spec.ok()) {
    std::string out = nsinit::config::ToOciJson(*spec);
    absl::StatusOr<nsinit::config::Spec> again =
        nsinit::config::ParseOciConfigForKernel(out, kLastCap);
    if (!again.ok()) {
      fprintf(stderr, "a valid config's own output does not parse: %s\n%s\n",
              again.status().ToString().c_str(), out.c_str());
      abort();
    }
    if (!(*again == *spec)) {
      fprintf(stderr, "a valid config changes through ToOciJson:\n%s\n", out.c_str());
      abort();
    }
  }
  (void)nsinit::config::ParseResources(json);
  (void)nsinit::config::ParseProcess(json);
  return 0;
}

// Fuzzes the libcontainer v1 container.json import (ImportV1Config). An
// imported config is what `nsinit exec` in a v1 directory runs: it must be a
// valid Spec that survives OCI output (ToOciJson) and parsing back.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/v1_import.h"
#include "runtime/config/validate.h"
#include "tools/bazel/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view json(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  absl::StatusOr<nsinit::config::Spec> spec =
      nsinit::config::ImportV1Config(json, "/fuzz/rootfs", {"/bin/sh"}, &warnings);
  if (!spec.ok()) return 0;
  if (absl::Status s = nsinit::config::ValidateSpec(*spec); !s.ok()) {
    fprintf(stderr, "an imported v1 config does not validate: %s\n", s.ToString().c_str());
    abort();
  }
  std::string out = nsinit::config::ToOciJson(*spec);
  absl::StatusOr<nsinit::config::Spec> again = nsinit::config::ParseOciConfig(out);
  if (!again.ok()) {
    fprintf(stderr, "an imported v1 config's OCI output does not parse: %s\n%s\n",
            again.status().ToString().c_str(), out.c_str());
    abort();
  }
  return 0;
}

// nsinit config: the v1 verb: the effective configuration of ./container.json.
#include <stdio.h>

#include "runtime/config/oci_config.h"
#include "runtime/v1/directory.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Config(const Globals&, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "config", 0, 0); !s.ok()) return Fail(s);
  if (!IsV1Directory(".")) {
    return Fail(
        absl::FailedPreconditionError("config: no container.json in the current directory"));
  }
  absl::StatusOr<config::Spec> spec = V1Config(".", {"/bin/sh"});
  if (!spec.ok()) return Fail(spec.status());
  printf("%s\n", config::ToOciJson(*spec).c_str());
  return 0;
}

}  // namespace

const Verb kConfig = {"config",
                      "config",
                      "In a v1 directory: print the effective configuration of ./container.json\n"
                      "(defaults applied) as OCI config JSON.",
                      {},
                      Config};

}  // namespace nsinit::cli

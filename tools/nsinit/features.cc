// nsinit features: the OCI features document of this build.
#include "runtime/features/features.h"

#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Features(const Globals&, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "features", 0, 0); !s.ok()) return Fail(s);
  fputs(FeaturesJson().c_str(), stdout);
  return 0;
}

}  // namespace

const Verb kFeatures = {"features",
                        "features",
                        "Print the OCI features document: what this build of nsinit supports\n"
                        "(\"hooks\": the six hook lists it runs, prestart to poststop).",
                        {},
                        Features};

}  // namespace nsinit::cli

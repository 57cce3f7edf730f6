// nsinit stats: the v1 verb: resource statistics as one JSON object.
#include "runtime/cgroups/stats.h"

#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Stats(const Globals& g, const Parsed& p) {
  absl::StatusOr<std::string> id = ContainerIdOrV1(p, "stats");
  if (!id.ok()) return Fail(id.status());
  absl::StatusOr<Container> c = Container::Load(g.root, *id);
  if (!c.ok()) return Fail(c.status());
  absl::StatusOr<cgroups::Stats> stats = c->Stats();
  if (!stats.ok()) return Fail(stats.status());
  printf("%s\n", cgroups::StatsToJson(*stats).c_str());
  return 0;
}

}  // namespace

const Verb kStats = {"stats",
                     "stats [ID]",
                     "Print the container's resource statistics (cgroups) as JSON; without ID, of\n"
                     "the container running from the current v1 directory. The OCI form is\n"
                     "`events --stats ID`.",
                     {},
                     Stats};

}  // namespace nsinit::cli

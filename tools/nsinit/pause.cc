// nsinit pause: freeze every process of a container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Pause(const Globals& g, const Parsed& p) {
  absl::StatusOr<std::string> id = ContainerIdOrV1(p, "pause");
  if (!id.ok()) return Fail(id.status());
  absl::StatusOr<Container> c = Container::Load(g.root, *id);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Pause(); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kPause = {"pause",
                     "pause [ID]",
                     "Freeze every process of the container (freezer cgroup). Without ID, in a v1\n"
                     "directory (container.json): the container running from it.",
                     {},
                     Pause};

}  // namespace nsinit::cli

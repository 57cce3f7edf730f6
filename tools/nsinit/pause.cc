// nsinit pause: freeze every process of a container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Pause(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "pause", 1, 1); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Pause(); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kPause = {"pause", "pause ID", "Freeze every process of the container (freezer cgroup).",
                     {}, Pause};

}  // namespace nsinit::cli

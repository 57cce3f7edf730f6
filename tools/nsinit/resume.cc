// nsinit resume: thaw a paused container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Resume(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "resume", 1, 1); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Resume(); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kResume = {"resume", "resume ID", "Thaw a paused container.", {}, Resume};

}  // namespace nsinit::cli

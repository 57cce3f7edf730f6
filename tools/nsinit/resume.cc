// nsinit resume: thaw a paused container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Resume(const Globals& g, const Parsed& p) {
  absl::StatusOr<std::string> id = ContainerIdOrV1(p, "resume");
  if (!id.ok()) return Fail(id.status());
  absl::StatusOr<Container> c = Container::Load(g.root, *id);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Resume(); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kResume = {"resume", "resume [ID]",
                      "Thaw a paused container. Without ID, in a v1 directory (container.json): the\n"
                      "container running from it (`nsinit unpause` is the v1 name).",
                      {}, Resume};

}  // namespace nsinit::cli

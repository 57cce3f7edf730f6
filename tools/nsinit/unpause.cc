// nsinit unpause: the v1 name of resume.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Unpause(const Globals& g, const Parsed& p) {
  absl::StatusOr<std::string> id = ContainerIdOrV1(p, "unpause");
  if (!id.ok()) return Fail(id.status());
  absl::StatusOr<Container> c = Container::Load(g.root, *id);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Resume(); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kUnpause = {"unpause", "unpause [ID]",
                       "The v1 name of resume: thaw the paused container (without ID, the one\n"
                       "running from the current v1 directory).",
                       {}, Unpause};

}  // namespace nsinit::cli

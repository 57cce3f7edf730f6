// nsinit resume (and unpause, its v1 name): thaw a paused container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Thaw(const Globals& g, const Parsed& p, const char* verb) {
  absl::StatusOr<std::string> id = ContainerIdOrV1(p, verb);
  if (!id.ok()) return Fail(id.status());
  absl::StatusOr<Container> c = Container::Load(g.root, *id);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Resume(); !s.ok()) return Fail(s);
  return 0;
}

int Resume(const Globals& g, const Parsed& p) { return Thaw(g, p, "resume"); }
int Unpause(const Globals& g, const Parsed& p) { return Thaw(g, p, "unpause"); }

}  // namespace

const Verb kResume = {
    "resume",
    "resume [ID]",
    "Thaw a paused container. Without ID, in a v1 directory (container.json): the\n"
    "container running from it (`nsinit unpause` is the v1 name).",
    {},
    Resume};

const Verb kUnpause = {"unpause",
                       "unpause [ID]",
                       "The v1 name of resume: thaw the paused container (without ID, the one\n"
                       "running from the current v1 directory).",
                       {},
                       Unpause};

}  // namespace nsinit::cli

// nsinit start: let a created container's process run.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Start(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "start", 1, 1); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  absl::Status s = c->Start();
  for (const std::string& w : c->warnings()) Warn(w);
  if (!s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kStart = {
    "start",
    "start ID",
    "Start the process of a created container. Its startContainer hooks run in the\n"
    "container first (a failing one fails start and the process never runs); its\n"
    "poststart hooks run once the process started (a failing one is a warning).",
    {},
    Start};

}  // namespace nsinit::cli

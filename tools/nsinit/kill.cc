// nsinit kill: send a signal to a container's init (or all its processes).
#include <signal.h>

#include "runtime/linux/signals.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Kill(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "kill", 1, 2); !s.ok()) return Fail(s);
  absl::StatusOr<int> sig = p.operands.size() == 2 ? sys::ParseSignal(p.operands[1]) : SIGTERM;
  if (!sig.ok()) return Fail(sig.status());
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Signal(*sig, p.Has("all")); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

const Verb kKill = {"kill", "kill [--all] ID [SIGNAL]",
                    "Send SIGNAL (name with or without SIG, or number; default TERM) to the "
                    "container's init, or with --all to every process in it.",
                    {{"all", "a", false, "signal every process of the container"}},
                    Kill};

}  // namespace nsinit::cli

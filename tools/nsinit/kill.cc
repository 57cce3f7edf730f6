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
  std::vector<std::string> ids = {p.operands[0]};
  if (p.Has("regex")) {
    // crun's --regex: every container whose id matches.
    absl::StatusOr<std::vector<std::string>> matching = IdsMatching(g.root, p.operands[0]);
    if (!matching.ok()) return Fail(matching.status());
    ids = *matching;
  }
  int rc = 0;
  for (const std::string& id : ids) {
    absl::StatusOr<Container> c = Container::Load(g.root, id);
    if (!c.ok()) {
      rc = Fail(c.status());
    } else if (absl::Status s = c->Signal(*sig, p.Has("all")); !s.ok()) {
      rc = Fail(s);
    }
  }
  return rc;
}

}  // namespace

constexpr FlagSpec kKillFlags[] = {
    {"all", "a", false, "signal every process of the container"},
    {"regex", "r", false, "crun's: ID is a regular expression (POSIX ERE, whole id)"}};

const Verb kKill = {"kill", "kill [--all] ID [SIGNAL]",
                    "Send SIGNAL (name with or without SIG, or number; default TERM) to the "
                    "container's init, or with --all to every process in it.",
                    kKillFlags, Kill};

}  // namespace nsinit::cli

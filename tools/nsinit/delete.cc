// nsinit delete: remove a stopped (or, with --force, any) container.
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int DeleteOne(const Globals& g, const Parsed& p, const std::string& id);

int Delete(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "delete", 1, 1); !s.ok()) return Fail(s);
  if (!p.Has("regex")) return DeleteOne(g, p, p.operands[0]);
  // crun's --regex: every container whose id matches.
  absl::StatusOr<std::vector<std::string>> ids = IdsMatching(g.root, p.operands[0]);
  if (!ids.ok()) return Fail(ids.status());
  int rc = 0;
  for (const std::string& id : *ids) rc |= DeleteOne(g, p, id);
  return rc;
}

int DeleteOne(const Globals& g, const Parsed& p, const std::string& id) {
  absl::StatusOr<Container> c = Container::Load(g.root, id);
  if (!c.ok()) {
    // runc's contract: delete --force of a missing container succeeds.
    if (p.Has("force") && c.status().code() == absl::StatusCode::kNotFound) return 0;
    return Fail(c.status());
  }
  absl::Status s = c->Destroy(p.Has("force"));
  for (const std::string& w : c->warnings()) Warn(w);
  if (!s.ok()) return Fail(s);
  return 0;
}

}  // namespace

constexpr FlagSpec kDeleteFlags[] = {
    {"force", "f", false, "kill a running container first"},
    {"regex", "r", false, "crun's: ID is a regular expression (POSIX ERE, whole id)"}};

const Verb kDelete = {
    "delete", "delete [--force] ID",
    "Delete a container: kill what is left, remove its cgroups and state.\n"
    "A created (never started) container is deleted without --force, as runc does;\n"
    "a running or paused one, or one whose create is still running its hooks,\n"
    "needs --force. The poststop hooks the container was created with run after\n"
    "it is gone; a failing one is a warning.",
    kDeleteFlags, Delete};

}  // namespace nsinit::cli

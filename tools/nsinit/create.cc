// nsinit create: make a container whose process waits for `start`.
#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Create(const Globals& g, const Parsed& p) {
  absl::StatusOr<CreateRequest> r = PrepareCreate(g, p, "create", /*relay_console=*/false);
  if (!r.ok()) return Fail(r.status());
  r->options.kill_on_parent_death = false;  // the init outlives this process
  absl::StatusOr<Container> c = Container::Create(r->spec, r->options);
  if (!c.ok()) return Fail(c.status());
  PrintWarnings(c->warnings());
  if (absl::Status s = HandOverConsole(p, *c); !s.ok()) {
    (void)c->Destroy(true);
    return Fail(s);
  }
  if (absl::Status s = WritePidFile(p, c->init_pid()); !s.ok()) {
    (void)c->Destroy(true);
    return Fail(s);
  }
  return 0;
}

}  // namespace

const Verb kCreate = {
    "create", "create [flags] ID",
    "Create a container from the bundle; its process waits for `nsinit start ID`.\n"
    "The prestart and createRuntime hooks run in the runtime's namespaces, then the\n"
    "createContainer hooks in the container's, before its root is switched; a failing\n"
    "hook fails create and nothing is left behind.",
    kCreateFlags, Create};

}  // namespace nsinit::cli

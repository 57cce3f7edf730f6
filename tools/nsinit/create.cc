// nsinit create: make a container whose process waits for `start`.
#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Create(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "create", 1, 1); !s.ok()) return Fail(s);
  std::string bundle = BundlePath(p);
  absl::StatusOr<config::Spec> spec = LoadBundle(bundle);
  if (!spec.ok()) return Fail(spec.status());
  if (absl::Status s = ApplyGlobals(g, p.operands[0], &*spec); !s.ok()) return Fail(s);
  absl::StatusOr<uint32_t> preserve_fds = ContainerFds(p, &*spec);
  if (!preserve_fds.ok()) return Fail(preserve_fds.status());
  if (absl::Status s = CheckConsoleSocket(p, *spec, /*relay=*/false); !s.ok()) return Fail(s);
  CreateOptions options = MakeCreateOptions(g, p, bundle);
  options.preserve_fds = *preserve_fds;
  options.kill_on_parent_death = false;  // the init outlives this process
  absl::StatusOr<Container> c = Container::Create(*spec, options);
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

const Verb kCreate = {"create", "create [flags] ID",
                      "Create a container from the bundle; its process waits for `nsinit start ID`.\n"
                      "The prestart and createRuntime hooks run in the runtime's namespaces, then the\n"
                      "createContainer hooks in the container's, before its root is switched; a failing\n"
                      "hook fails create and nothing is left behind.",
                      CreateFlags(), Create};

}  // namespace nsinit::cli

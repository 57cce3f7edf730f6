// nsinit ps: the processes of a container.
#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Ps(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "ps", 1, 1); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  absl::StatusOr<std::vector<pid_t>> pids = c->Processes();
  if (!pids.ok()) return Fail(pids.status());
  if (p.Get("format", "table") == "json") {
    std::string out = "[";
    for (size_t i = 0; i < pids->size(); ++i) out += (i ? "," : "") + std::to_string((*pids)[i]);
    printf("%s]\n", out.c_str());
    return 0;
  }
  printf("PID\n");
  for (pid_t pid : *pids) printf("%d\n", pid);
  return 0;
}

}  // namespace

const Verb kPs = {"ps", "ps [--format table|json] ID", "List the host pids of the container's processes.",
                  {{"format", "f", true, "table (default) or json"}}, Ps};

}  // namespace nsinit::cli

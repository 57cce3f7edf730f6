// nsinit state: print the OCI state of a container as JSON.
#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int State(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "state", 1, 1); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  absl::StatusOr<state::State> st = c->State();
  if (!st.ok()) return Fail(st.status());
  fputs(state::ToJson(*st, /*oci_only=*/true).c_str(), stdout);
  return 0;
}

}  // namespace

const Verb kState = {"state", "state ID", "Print the OCI state of a container as JSON.", {}, State};

}  // namespace nsinit::cli

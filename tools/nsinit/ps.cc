// nsinit ps: the processes of a container.
#include <stdio.h>

#include "tools/nsinit/common.h"
#include "tools/nsinit/ps_table.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Ps(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "ps", 1, 1 << 20); !s.ok()) return Fail(s);
  std::vector<std::string> ps_args(p.operands.begin() + 1, p.operands.end());
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  absl::StatusOr<std::vector<pid_t>> pids = c->Processes();
  if (!pids.ok()) return Fail(pids.status());
  if (p.Get("format", "table") == "json") {
    if (!ps_args.empty()) {
      return Fail(absl::InvalidArgumentError("ps: ps options are only for --format table"));
    }
    std::string out = "[";
    for (size_t i = 0; i < pids->size(); ++i) out += (i ? "," : "") + std::to_string((*pids)[i]);
    printf("%s]\n", out.c_str());
    return 0;
  }
  // runc's table: the host's ps (default -ef), the container's rows.
  absl::StatusOr<std::string> table = PsTable(*pids, ps_args);
  if (!table.ok()) return Fail(table.status());
  fputs(table->c_str(), stdout);
  return 0;
}

}  // namespace

constexpr FlagSpec kPsFlags[] = {{"format", "f", true, "table (default) or json"}};

const Verb kPs = {
    "ps",
    "ps [--format table|json] ID [PS OPTIONS...]",
    "List the container's processes: with --format json their host pids; as a table\n"
    "(runc's) the host's `ps PS OPTIONS` (default -ef), header and the container's rows.",
    kPsFlags,
    Ps,
    /*stop_at_operand=*/true};

}  // namespace nsinit::cli

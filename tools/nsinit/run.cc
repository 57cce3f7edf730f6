// nsinit run: create and start a container; wait for it unless detached.
#include <stdio.h>

#include <optional>

#include "runtime/console/console_proxy.h"
#include "runtime/process/signal_forwarder.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

constexpr FlagSpec kRunOwnFlags[] = {
    {"detach", "d", false, "do not wait: leave the container running"},
    {"keep", "", false, "do not delete the container after it exits"},
};
constexpr std::array kRunFlags = JoinFlags(kCreateFlags, kRunOwnFlags);

int Run(const Globals& g, const Parsed& p) {
  bool detach = p.Has("detach");
  absl::StatusOr<CreateRequest> r = PrepareCreate(g, p, "run", /*relay_console=*/!detach);
  if (!r.ok()) return Fail(r.status());
  r->options.kill_on_parent_death = !detach;
  absl::StatusOr<Container> c = Container::Create(r->spec, r->options);
  if (!c.ok()) return Fail(c.status());
  // Warnings of create, then failed poststart and poststop hooks as they
  // happen.
  size_t warned = 0;
  auto warn = [&] {
    for (; warned < c->warnings().size(); ++warned) Warn(c->warnings()[warned]);
  };
  warn();
  // From before start, so no signal meant for the container is lost to a
  // runtime that has not yet begun to forward.
  std::optional<SignalForwarder> forwarder;
  if (!detach) forwarder.emplace(c->init_pid());
  if (absl::Status s = WritePidFile(p, c->init_pid()); !s.ok()) {
    (void)c->Destroy(true);
    return Fail(s);
  }
  if (absl::Status s = HandOverConsole(p, *c); !s.ok()) {
    (void)c->Destroy(true);
    return Fail(s);
  }
  if (absl::Status s = c->Start(); !s.ok()) {
    (void)c->Destroy(true);
    warn();
    return Fail(s);
  }
  warn();
  if (detach) return 0;
  // A terminal without --console-socket: this process relays it.
  if (UniqueFd console = c->TakeConsole(); console) {
    if (absl::Status s = ProxyConsole(console.get()); !s.ok()) return Fail(s);
  }
  absl::StatusOr<int> code = c->Wait();
  forwarder.reset();
  // --keep (runc): the stopped container stays until `delete`.
  if (!p.Has("keep")) (void)c->Destroy(true);
  warn();
  if (!code.ok()) return Fail(code.status());
  return *code;
}

}  // namespace

const Verb kRun = {"run", "run [flags] ID",
                   "Create and start a container. Without --detach, waits for it, removes it and "
                   "exits with its process's exit status (128+N when killed by signal N).",
                   kRunFlags, Run};

}  // namespace nsinit::cli

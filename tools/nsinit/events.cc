// nsinit events: stats and OOM events of a container, as JSON lines.
#include <poll.h>
#include <stdio.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "runtime/cgroups/manager.h"
#include "runtime/linux/syscalls.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

void PrintStats(const std::string& id, const cgroups::Stats& stats) {
  printf("{\"type\":\"stats\",\"id\":\"%s\",\"data\":%s}\n", id.c_str(),
         cgroups::StatsToJson(stats).c_str());
  fflush(stdout);
}

int Events(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "events", 1, 1); !s.ok()) return Fail(s);
  absl::Duration interval = absl::Seconds(5);
  if (p.Has("interval") && !absl::ParseDuration(p.Get("interval"), &interval)) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("events: --interval: expected a duration like 5s or 500ms, got \"",
                     p.Get("interval"), "\"")));
  }
  const std::string& id = p.operands[0];
  absl::StatusOr<Container> c = Container::Load(g.root, id);
  if (!c.ok()) return Fail(c.status());
  if (p.Has("stats")) {
    absl::StatusOr<cgroups::Stats> stats = c->Stats();
    if (!stats.ok()) return Fail(stats.status());
    PrintStats(id, *stats);
    return 0;
  }
  // Until the init exits: stats every interval, an "oom" line per OOM kill.
  absl::StatusOr<UniqueFd> oom = c->OomEventFd();
  if (!oom.ok()) return Fail(oom.status());
  UniqueFd pidfd(sys::PidfdOpen(c->init_pid(), 0));
  if (!pidfd)
    return Fail(
        absl::FailedPreconditionError(absl::StrCat("container \"", id, "\" is not running")));
  uint64_t ooms = c->OomCount().value_or(0);
  while (true) {
    struct pollfd fds[2] = {{oom->get(), POLLIN, 0}, {pidfd.get(), POLLIN, 0}};
    int n = poll(fds, 2, static_cast<int>(absl::ToInt64Milliseconds(interval)));
    if (n < 0) continue;
    if (fds[1].revents & POLLIN) return 0;
    if (fds[0].revents & POLLIN) {
      cgroups::Manager::DrainOomEventFd(oom->get());
      // v1 notifies when the OOM starts, before oom_kill counts the kill:
      // a notification with no new count yet is one OOM.
      uint64_t now = c->OomCount().value_or(ooms);
      uint64_t report = now > ooms ? now - ooms : 1;
      for (uint64_t i = 0; i < report; ++i) {
        printf("{\"type\":\"oom\",\"id\":\"%s\"}\n", id.c_str());
      }
      ooms = std::max(now, ooms + report);
      fflush(stdout);
      continue;
    }
    if (absl::StatusOr<cgroups::Stats> stats = c->Stats(); stats.ok()) PrintStats(id, *stats);
  }
}

}  // namespace

constexpr FlagSpec kEventsFlags[] = {
    {"stats", "", false, "print stats once and exit"},
    {"interval", "", true, "how often to print stats (default 5s)"}};

const Verb kEvents = {"events", "events [--stats] [--interval DURATION] ID",
                      "Print the container's resource stats and OOM events as JSON lines until it "
                      "exits;\nwith --stats, print the stats once and exit.",
                      kEventsFlags, Events};

}  // namespace nsinit::cli

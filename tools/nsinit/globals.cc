#include "tools/nsinit/globals.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace nsinit::cli {

absl::Status ApplyCgroupManager(const std::string& value, Globals* g) {
  if (value == "cgroupfs") {
    g->systemd_cgroup = false;
    g->no_cgroups = false;
  } else if (value == "systemd") {
    g->systemd_cgroup = true;
    g->no_cgroups = false;
  } else if (value == "disabled") {
    g->systemd_cgroup = false;
    g->no_cgroups = true;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "--cgroup-manager: expected cgroupfs, systemd or disabled, got \"", value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ApplyCrunLogTarget(Globals* g) {
  if (absl::StartsWith(g->log, "file:")) {
    g->log = g->log.substr(5);
  } else if (absl::StartsWith(g->log, "journald:") || absl::StartsWith(g->log, "syslog:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--log: \"", g->log, "\": nsinit writes its log only to a file (FILE or file:FILE)"));
  }
  return absl::OkStatus();
}

int RefuseWithoutCriu(const char* verb, const Parsed& p) {
  std::string flag;
  if (!p.values.empty()) flag = absl::StrCat(" --", p.values.begin()->first);
  return Fail(absl::UnimplementedError(
      absl::StrCat(verb, flag,
                   ": refused: nsinit cannot checkpoint or restore a container (it has no CRIU "
                   "support)")));
}

}  // namespace nsinit::cli

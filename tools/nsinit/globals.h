// The global flags of crun's dialect that need more than storing a value.
//
// Scripts and tools written for crun pass `--cgroup-manager` on every call,
// and may give `--log` as crun's `file:PATH`. nsinit reads both as crun does
// or refuses them naming the flag.
#ifndef NSINIT_TOOLS_NSINIT_GLOBALS_H_
#define NSINIT_TOOLS_NSINIT_GLOBALS_H_

#include <string>

#include "absl/status/status.h"
#include "tools/nsinit/cli.h"

namespace nsinit::cli {

// --cgroup-manager cgroupfs|systemd|disabled: cgroupfs is nsinit's default,
// systemd means --systemd-cgroup, disabled means no cgroup at all.
absl::Status ApplyCgroupManager(const std::string& value, Globals* g);

// crun's --log=file:PATH is PATH; journald: and syslog: are refused (nsinit
// writes only files).
absl::Status ApplyCrunLogTarget(Globals* g);

// checkpoint and restore: refused, naming the first flag given when there
// is one, because nsinit has no CRIU support.
int RefuseWithoutCriu(const char* verb, const Parsed& p);

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_GLOBALS_H_

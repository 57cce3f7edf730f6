// nsinit update: change the resource limits of a running container.
#include <stdio.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/oci_config.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

// --resources FILE, or stdin for "-" (containerd's shim pipes it in).
absl::StatusOr<std::string> ReadInput(const std::string& path) {
  absl::StatusOr<std::string> text = path == "-" ? ReadFd(STDIN_FILENO, kMaxJsonInputBytes, "stdin")
                                                 : ReadFile(path, kMaxJsonInputBytes);
  if (!text.ok()) return Annotate(text.status(), "update --resources");
  return text;
}

int Update(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "update", 1, 1); !s.ok()) return Fail(s);
  for (const char* flag : {"l3-cache-schema", "mem-bw-schema"}) {
    if (p.Has(flag)) {
      return Fail(absl::UnimplementedError(
          absl::StrCat("update --", flag, ": refused: nsinit does not update linux.intelRdt")));
    }
  }
  config::Resources r;
  if (p.Has("resources")) {
    absl::StatusOr<std::string> text = ReadInput(p.Get("resources"));
    if (!text.ok()) return Fail(text.status());
    absl::StatusOr<config::Resources> parsed = config::ParseResources(*text);
    if (!parsed.ok()) return Fail(parsed.status());
    r = *parsed;
  }
  absl::Status flags = ApplyResourceFlags(p, &r);
  if (!flags.ok()) return Fail(flags);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  if (!c.ok()) return Fail(c.status());
  if (absl::Status s = c->Update(r); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

constexpr FlagSpec kUpdateFlags[] = {
    {"resources", "r", true, "OCI linux.resources JSON file, or - for stdin"},
    {"memory", "", true, "memory limit"},
    {"memory-reservation", "", true, "memory soft limit"},
    {"memory-swap", "", true, "memory plus swap limit"},
    {"kernel-memory", "", true, "kernel memory limit (v1)"},
    {"kernel-memory-tcp", "", true, "kernel TCP buffer limit (v1)"},
    {"cpu-shares", "", true, "relative CPU weight"},
    {"cpu-share", "", true, "the same (runc's and crun's spelling)"},
    {"cpu-quota", "", true, "CPU time per period, in microseconds"},
    {"cpu-period", "", true, "CPU period, in microseconds"},
    {"cpu-burst", "", true, "CPU burst, in microseconds"},
    {"cpu-rt-period", "", true, "realtime period, in microseconds"},
    {"cpu-rt-runtime", "", true, "realtime runtime, in microseconds"},
    {"cpu-idle", "", true, "1 to make the cgroup SCHED_IDLE"},
    {"cpuset-cpus", "", true, "CPUs to use (0-3, 0,1)"},
    {"cpuset-mems", "", true, "memory nodes to use"},
    {"pids-limit", "", true, "maximum number of processes"},
    {"blkio-weight", "", true, "block IO weight (10-1000)"},
    {"l3-cache-schema", "", true, "not supported (intelRdt)"},
    {"mem-bw-schema", "", true, "not supported (intelRdt)"},
};

const Verb kUpdate = {
    "update", "update [flags] ID",
    "Change the resource limits of a container. Sizes take k, m, g suffixes; -1 is unlimited.",
    kUpdateFlags, Update};

}  // namespace nsinit::cli

// nsinit: an OCI runtime with runc's command line.
#include <stdio.h>
#include <string.h>

#include <string>
#include <vector>

#include "runtime/base/timings.h"
#include "runtime/process/entry.h"
#include "tools/nsinit/cli.h"
#include "tools/nsinit/globals.h"
#include "tools/nsinit/verbs.h"
#include "tools/nsinit/version.h"

namespace nsinit::cli {
namespace {

const Verb* const kVerbs[] = {&kCreate,  &kStart,  &kState,  &kKill,       &kDelete,
                              &kRun,     &kExec,   &kPs,     &kList,       &kPause,
                              &kResume,  &kEvents, &kUpdate, &kSpec,       &kFeatures,
                              &kUnpause, &kStats,  &kConfig, &kCheckpoint, &kRestore};

void Usage(FILE* out) {
  fprintf(out,
          "Usage: nsinit [global flags] VERB [flags] [args]\n\n"
          "An OCI container runtime with runc's command line.\n\nVerbs:\n");
  for (const Verb* v : kVerbs) fprintf(out, "  %-8s %s\n", v->name, v->summary);
  fprintf(out,
          "\nGlobal flags:\n"
          "  --root DIR            state directory (default /run/nsinit)\n"
          "  --log FILE            also write errors to FILE (as runc does, for shims)\n"
          "  --log-format FORMAT   text (default) or json lines in --log\n"
          "  --debug               more output (the per-phase timings in --log)\n"
          "  --debug-timings       print the time each phase took on stderr\n"
          "  --systemd-cgroup      read linux.cgroupsPath as systemd's slice:prefix:name and use\n"
          "                        the cgroup systemd would give that unit (a-b.slice:p:n ->\n"
          "                        /a.slice/a-b.slice/p-n.scope), made in cgroupfs directly:\n"
          "                        nsinit does not talk to systemd\n"
          "  --cgroup-manager M    crun's: cgroupfs (default), systemd (= --systemd-cgroup) or\n"
          "                        disabled (no cgroup at all; linux.resources are ignored)\n"
          "  --criu PATH           accepted; checkpoint and restore are refused (no CRIU support)\n"
          "  --rootless VALUE      accepted (true, false, auto); nsinit tells from its euid\n"
          "  -v, -V, --version     print the version\n"
          "  -h, -?, --help, --usage  this help; `nsinit VERB --help` or `nsinit help VERB` for a "
          "verb\n");
}

int Main(int argc, char** argv) {
  timings::Mark("main");
  Globals g;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string a = argv[i];
    if (a == "-V") a = "--version";                 // crun's spelling
    if (a == "-?" || a == "--usage") a = "--help";  // crun's
    std::string value;
    auto take = [&](const char* name) -> bool {
      std::string flag = std::string("--") + name;
      if (a == flag && i + 1 < argc) {
        value = argv[++i];
        return true;
      }
      if (a.rfind(flag + "=", 0) == 0) {
        value = a.substr(flag.size() + 1);
        return true;
      }
      return false;
    };
    if (take("root")) {
      g.root = value;
    } else if (take("log")) {
      g.log = value;
    } else if (take("log-format")) {
      g.log_format = value;
    } else if (take("cgroup-manager")) {
      if (absl::Status s = ApplyCgroupManager(value, &g); !s.ok()) return Fail(s);
    } else if (take("criu") || take("rootless")) {
      // --criu only matters to checkpoint/restore, which nsinit refuses;
      // --rootless: nsinit tells from its euid.
    } else if (a == "--debug") {
      g.debug = true;
    } else if (a == "--debug-timings") {
      g.debug_timings = true;
    } else if (a == "--systemd-cgroup") {
      g.systemd_cgroup = true;
      g.no_cgroups = false;
    } else if (a == "-v" || a == "--version") {
      fputs(cli::VersionText().c_str(), stdout);
      return 0;
    } else if (a == "-h" || a == "--help") {
      Usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "nsinit: unknown global flag %s (see nsinit --help)\n", a.c_str());
      return 1;
    }
  }
  if (absl::Status s = ApplyCrunLogTarget(&g); !s.ok()) return Fail(s);
  if (g.log_format != "text" && g.log_format != "json") {
    fprintf(stderr, "nsinit: --log-format: expected text or json, got \"%s\"\n",
            g.log_format.c_str());
    return 1;
  }
  SetErrorLog(g.log, g.log_format == "json");
  if (i >= argc) {
    Usage(stderr);
    return 1;
  }
  // runc's `help [VERB]` (and `h`): the verb's usage, or the global one.
  if (strcmp(argv[i], "help") == 0 || strcmp(argv[i], "h") == 0) {
    if (i + 1 >= argc) {
      Usage(stdout);
      return 0;
    }
    for (const Verb* v : kVerbs) {
      if (strcmp(argv[i + 1], v->name) == 0) {
        fputs(VerbHelp(*v).c_str(), stdout);
        return 0;
      }
    }
    fprintf(stderr, "nsinit: help: unknown verb \"%s\" (see nsinit --help)\n", argv[i + 1]);
    return 1;
  }
  for (const Verb* v : kVerbs) {
    if (strcmp(argv[i], v->name) != 0) continue;
    absl::StatusOr<Parsed> p = ParseFlags(*v, std::vector<std::string>(argv + i + 1, argv + argc));
    if (!p.ok()) return Fail(p.status());
    if (p->help) {
      fputs(VerbHelp(*v).c_str(), stdout);
      return 0;
    }
    const int code = v->run(g, *p);
    ReportTimings(g);
    return code;
  }
  fprintf(stderr, "nsinit: unknown verb \"%s\" (see nsinit --help)\n", argv[i]);
  return 1;
}

}  // namespace
}  // namespace nsinit::cli

int main(int argc, char** argv) {
  // First: this binary is also the container's init and exec helper.
  nsinit::RunIfChild(argc, argv);
  return nsinit::cli::Main(argc, argv);
}

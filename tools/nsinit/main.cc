// nsinit: an OCI runtime with runc's command line.
#include <stdio.h>
#include <string.h>

#include <string>
#include <vector>

#include "runtime/process/entry.h"
#include "tools/nsinit/cli.h"
#include "tools/nsinit/verbs.h"
#include "tools/nsinit/version.h"

namespace nsinit::cli {
namespace {

const Verb* const kVerbs[] = {&kCreate, &kStart,  &kState,  &kKill,   &kDelete,
                              &kRun,    &kExec,   &kPs,     &kList,   &kPause,
                              &kResume, &kEvents, &kUpdate, &kSpec,   &kFeatures,
                              &kUnpause, &kStats, &kConfig};

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
          "  --debug               more output\n"
          "  --systemd-cgroup      read linux.cgroupsPath as systemd's slice:prefix:name and use\n"
          "                        the cgroup systemd would give that unit (a-b.slice:p:n ->\n"
          "                        /a.slice/a-b.slice/p-n.scope), made in cgroupfs directly:\n"
          "                        nsinit does not talk to systemd\n"
          "  -v, --version         print the version\n"
          "  -h, --help            this help; `nsinit VERB --help` for a verb\n");
}

int Main(int argc, char** argv) {
  Globals g;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string a = argv[i];
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
    } else if (take("criu") || take("rootless")) {
    } else if (a == "--debug") {
      g.debug = true;
    } else if (a == "--systemd-cgroup") {
      g.systemd_cgroup = true;
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
  if (g.log_format != "text" && g.log_format != "json") {
    fprintf(stderr, "nsinit: --log-format: expected text or json, got \"%s\"\n", g.log_format.c_str());
    return 1;
  }
  SetErrorLog(g.log, g.log_format == "json");
  if (i >= argc) {
    Usage(stderr);
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
    return v->run(g, *p);
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

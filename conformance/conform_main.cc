// conform: judges a runc-compatible runtime (or nsinit's library) against
// spec/SPEC.md with the cases under conformance/cases.
//
//   bazel run //conformance:conform -- --runtime=/usr/bin/runc --report=DIR
//       [--filter=ID-or-AREA-or-case,...] [--adapter=cli|library]
//   bazel run //conformance:conform -- --compare=DIR1,DIR2,... --report=DIR
//
// Exit status: 0 when no requirement is "fail" or "warn" (listed
// deviations are accepted), 1 otherwise, 2 on a usage or harness error.
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "conformance/cli_adapter.h"
#include "conformance/file_util.h"
#include "conformance/host_info.h"
#include "conformance/library_adapter.h"
#include "conformance/report.h"
#include "conformance/runner.h"
#include "conformance/runtime_claim.h"

namespace {

using namespace nsinit::conformance;

constexpr char kUsage[] =
    "usage: conform [--runtime=PATH] [--name=NAME] [--adapter=cli|library] [--report=DIR]\n"
    "               [--filter=AREA|ID|CASE,...] [--strict] [--no-retry] [--quiet]\n"
    "       conform --compare=DIR1,DIR2,... --report=DIR\n"
    "       conform --help\n"
    "\n"
    "Judges an OCI runtime with a runc-compatible command line (or nsinit's library)\n"
    "against spec/SPEC.md with the cases under conformance/cases. Run as root.\n"
    "\n"
    "  --runtime=PATH     the runtime binary (default: nsinit built from this tree). It must\n"
    "                     be an executable file that answers --version and fails `state` of\n"
    "                     an unknown container, or nothing runs.\n"
    "  --name=NAME        the runtime's name in reports and deviations/NAME.json\n"
    "                     (default: the binary's file name)\n"
    "  --adapter=KIND     cli (default) drives the binary; library drives nsinit's\n"
    "                     //runtime in-process (--runtime is then ignored)\n"
    "  --report=DIR       write DIR/report.json, report.md and report.html\n"
    "  --filter=LIST      only cases of these areas (MNT), requirement IDs (MNT-012)\n"
    "                     or case ids, comma-separated\n"
    "  --strict           judge every requirement against the newest spec, even those\n"
    "                     newer than the spec version the runtime claims\n"
    "  --no-retry         do not run a failing case again (no \"unstable\" verdicts)\n"
    "  --quiet            no progress on stderr\n"
    "  --compare=DIRS     read the report.json of each DIR and write compare.md and\n"
    "                     compare.html to --report's DIR, host facts side by side\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status: 0 when no requirement is fail, warn or unstable; 1 otherwise;\n"
    "2 on a usage or harness error, or a runtime refused up front.\n";

int Usage() {
  fputs(kUsage, stderr);
  return 2;
}

std::string Basename(const std::string& p) {
  size_t s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

// `bazel run` starts us in the runfiles tree; paths the user typed are
// relative to where they typed them.
std::string FromUserDir(const std::string& path) {
  const char* cwd = getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path[0] == '/' || cwd == nullptr) return path;
  return absl::StrCat(cwd, "/", path);
}

int Main(int argc, char** argv) {
  std::string runtime, name, report_dir, compare, adapter_kind = "cli";
  RunOptions options;
  std::vector<std::string> command = {"conform"};
  for (int i = 1; i < argc; ++i) command.push_back(argv[i]);
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      fputs(kUsage, stdout);
      return 0;
    }
    if (a == "--strict") {
      options.info.strict = true;
      continue;
    }
    if (a == "--no-retry") {
      options.retry = false;
      continue;
    }
    auto value = [&](absl::string_view flag, std::string* out) {
      if (!absl::StartsWith(a, flag)) return false;
      *out = std::string(a.substr(flag.size()));
      return true;
    };
    std::string filter;
    if (value("--runtime=", &runtime) || value("--report=", &report_dir) ||
        value("--compare=", &compare) || value("--name=", &name) ||
        value("--adapter=", &adapter_kind)) {
      continue;
    }
    if (value("--filter=", &filter)) {
      for (absl::string_view f : absl::StrSplit(filter, ',', absl::SkipEmpty())) {
        options.filters.push_back(std::string(f));
      }
      continue;
    }
    if (a == "--quiet") {
      options.progress = false;
      continue;
    }
    fprintf(stderr, "conform: unknown argument %s\n", argv[i]);
    return Usage();
  }
  report_dir = FromUserDir(report_dir);
  if (!runtime.empty() && runtime.find('/') != std::string::npos) runtime = FromUserDir(runtime);
  if (!compare.empty()) {
    if (report_dir.empty()) return Usage();
    std::vector<Report> reports;
    for (absl::string_view d : absl::StrSplit(compare, ',', absl::SkipEmpty())) {
      absl::StatusOr<Report> r = ReadReport(FromUserDir(std::string(d)));
      if (!r.ok()) {
        fprintf(stderr, "conform: %s\n", r.status().ToString().c_str());
        return 2;
      }
      reports.push_back(std::move(*r));
    }
    absl::Status st = WriteComparison(reports, report_dir);
    if (!st.ok()) {
      fprintf(stderr, "conform: %s\n", st.ToString().c_str());
      return 2;
    }
    fprintf(stderr, "conform: wrote %s/compare.md and compare.html\n", report_dir.c_str());
    return 0;
  }
  const std::string argv0 = argv[0];
  options.cases_dir = Runfile(argv0, "conformance/cases");
  options.spec_path = Runfile(argv0, "spec/SPEC.md");
  options.probe = Runfile(argv0, "conformance/probe/probe");
  options.deviations_dir = Runfile(argv0, "conformance/deviations");
  const bool default_runtime = runtime.empty();
  if (default_runtime) runtime = Runfile(argv0, "tools/nsinit/nsinit");
  if (runtime[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd)) != nullptr) runtime = std::string(cwd) + "/" + runtime;
  }
  if (options.probe[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd)) != nullptr) options.probe = std::string(cwd) + "/" + options.probe;
  }
  std::unique_ptr<Adapter> adapter;
  options.info.command = absl::StrJoin(command, " ");
  options.info.suite_revision = SuiteRevision();
  options.info.date = UtcNow();
  options.info.host = CollectHostInfo();
  if (adapter_kind == "cli") {
    // Refuse what is not an OCI runtime before anything runs.
    char scratch[] = "/tmp/conform-claim.XXXXXX";
    if (mkdtemp(scratch) == nullptr) {
      fprintf(stderr, "conform: mkdtemp /tmp/conform-claim.XXXXXX: %s\n", strerror(errno));
      return 2;
    }
    absl::StatusOr<RuntimeClaim> claim = CheckRuntime(runtime, scratch);
    RemoveTree(scratch);
    if (!claim.ok()) {
      fprintf(stderr, "conform: %s\n", std::string(claim.status().message()).c_str());
      return 2;
    }
    options.info.runtime = name.empty() ? Basename(runtime) : name;
    options.info.runtime_path = claim->path;
    if (default_runtime) {
      // Name the built binary as the user knows it, not by Bazel's cache.
      const char* ws = getenv("BUILD_WORKSPACE_DIRECTORY");
      std::string in_tree =
          absl::StrCat(ws != nullptr ? ws : ".", "/bazel-bin/tools/nsinit/nsinit");
      char* real = realpath(in_tree.c_str(), nullptr);
      if (real != nullptr && claim->path == real) {
        options.info.runtime_path = in_tree + " (nsinit built from this tree)";
      }
      free(real);
    }
    options.info.runtime_version = claim->version_output;
    options.info.spec_claim = claim->spec_version;
    options.info.spec_claim_from = claim->spec_version_from;
    adapter = std::make_unique<CliAdapter>(options.info.runtime, runtime);
  } else if (adapter_kind == "library") {
    adapter = std::make_unique<LibraryAdapter>();
    options.info.runtime_version = LibraryAdapter::Version();
    options.info.spec_claim = LibraryAdapter::SpecVersion();
    options.info.spec_claim_from = "the library's spec version";
  } else {
    return Usage();
  }
  fprintf(stderr, "conform: judging %s (%s)\n", adapter->name().c_str(),
          adapter->description().c_str());
  absl::StatusOr<Report> report = RunSuite(*adapter, options);
  if (!report.ok()) {
    fprintf(stderr, "conform: %s\n", report.status().ToString().c_str());
    return 2;
  }
  fprintf(stderr, "\n%s", AreaSummary(*report).c_str());
  if (!report_dir.empty()) {
    absl::Status st = WriteReport(*report, report_dir);
    if (!st.ok()) {
      fprintf(stderr, "conform: %s\n", st.ToString().c_str());
      return 2;
    }
    fprintf(stderr, "conform: wrote %s/report.{json,md,html}\n", report_dir.c_str());
  }
  for (const RequirementStatus& s : report->requirements) {
    if (IsFailure(s.status)) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  nsinit::conformance::LibraryAdapter::RunIfChild(argc, argv);
  return Main(argc, argv);
}

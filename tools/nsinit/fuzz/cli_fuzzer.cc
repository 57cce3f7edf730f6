// Fuzzes the command line's parsing with every verb's real flag table:
// ParseFlags and --help text, then what the verbs derive from flag values
// without touching the system: byte sizes and update's resource flags
// (ApplyResourceFlags), --systemd-cgroup's path mapping, operand counts.
// Input: the first byte picks the verb, the rest is argv split at '\0'.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"
#include "tools/bazel/fuzz_target.h"
#include "tools/nsinit/cli.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

const Verb* const kAll[] = {&kCreate, &kStart, &kState,    &kKill,    &kDelete, &kRun,
                            &kExec,   &kPs,    &kList,     &kPause,   &kResume, &kEvents,
                            &kUpdate, &kSpec,  &kFeatures, &kUnpause, &kStats,  &kConfig};

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "cli_fuzzer: %s\n", what);
    abort();
  }
}

void FuzzOne(const Verb& verb, const std::vector<std::string>& args) {
  absl::StatusOr<Parsed> p = ParseFlags(verb, args);
  if (!p.ok()) return;
  // Every value is under a long name the verb declares; operands keep order.
  for (const auto& [name, values] : p->values) {
    bool known = false;
    for (const FlagSpec& f : verb.flags) known |= f.name == name;
    Check(known, "ParseFlags stored a value under a name the verb does not declare");
    Check(!values.empty(), "ParseFlags stored a flag without a value");
  }
  Check(p->operands.size() <= args.size(), "more operands than arguments");
  (void)WantOperands(*p, verb.name, 1, 1);
  for (const auto& [name, values] : p->values) {
    for (const std::string& v : values) (void)ParseByteSize(name, v);
  }
  config::Resources r;
  (void)ApplyResourceFlags(*p, &r);
  for (const std::string& operand : p->operands) {
    (void)SystemdCgroupsPath(operand, "fuzz");
    (void)SystemdCgroupsPath("", operand);
  }
}

}  // namespace
}  // namespace nsinit::cli

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nsinit::cli::kAll;
  if (size == 0) return 0;
  const nsinit::cli::Verb& verb = *kAll[data[0] % std::size(kAll)];
  absl::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> args;
  if (!rest.empty()) args = absl::StrSplit(rest, '\0');
  (void)nsinit::cli::VerbHelp(verb);
  nsinit::cli::FuzzOne(verb, args);
  return 0;
}

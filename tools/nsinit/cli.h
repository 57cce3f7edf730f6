// Shared pieces of the nsinit command line: the per-verb flag parser, the
// global options, and how errors are printed.
//
// Why not absl flags: those are process-global, and runc's command line
// (which podman and containerd speak) needs per-verb flags, short aliases
// (-d, -b, -f, -e, -t) and flag parsing that stops at the first operand so
// `nsinit exec ID sh -c 'x'` passes "-c" to sh.
#ifndef NSINIT_TOOLS_NSINIT_CLI_H_
#define NSINIT_TOOLS_NSINIT_CLI_H_

#include <array>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nsinit::cli {

struct Globals {
  std::string root = "/run/nsinit";
  std::string log;
  std::string log_format = "text";
  bool debug = false;
  // --debug-timings: the per-phase timings on stderr at the end (with
  // --debug they go to --log instead, at level debug).
  bool debug_timings = false;
  bool systemd_cgroup = false;
  // crun's --cgroup-manager disabled: the container gets no cgroup at all.
  bool no_cgroups = false;
};

// A verb's flag. Plain constants, as is Verb: the tables are constant-
// initialized, so a start of the binary builds none of them (they were
// ~220 allocations and 7 heap pages touched before main, whatever the verb).
struct FlagSpec {
  const char* name;        // "detach"
  const char* short_name;  // "d", or ""
  bool takes_value = false;
  const char* help = "";
  bool repeated = false;
};

struct Parsed {
  std::map<std::string, std::vector<std::string>> values;  // by long name
  std::vector<std::string> operands;
  bool help = false;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> All(const std::string& name) const;
};

struct Verb {
  const char* name;
  const char* usage;  // "create [flags] ID"
  const char* summary;
  // A constant table (std::span: unlike absl::Span it does not take a braced
  // list, whose array would not outlive the initialization).
  std::span<const FlagSpec> flags;
  int (*run)(const Globals&, const Parsed&);
  bool stop_at_operand = false;
};

// `base` then `more`, as one constant table (run: create's flags, then its
// own).
template <size_t N, size_t M>
constexpr std::array<FlagSpec, N + M> JoinFlags(const FlagSpec (&base)[N],
                                                const FlagSpec (&more)[M]) {
  std::array<FlagSpec, N + M> all{};
  for (size_t i = 0; i < N; ++i) all[i] = base[i];
  for (size_t i = 0; i < M; ++i) all[N + i] = more[i];
  return all;
}

// Parses args (after the verb). Unknown flags are errors naming the flag.
absl::StatusOr<Parsed> ParseFlags(const Verb& verb, const std::vector<std::string>& args);

std::string VerbHelp(const Verb& verb);

// Where Fail also writes errors: the global --log file, as text or JSON
// lines (--log-format).
void SetErrorLog(const std::string& path, bool json);

// Prints "nsinit: <message>" to stderr (and to --log) and returns the exit
// code for the status: 1, as runc does for every error.
int Fail(const absl::Status& status);

// Prints "nsinit: warning: <message>" to stderr (and to --log, level
// warning): what went wrong without failing the command (poststart and
// poststop hooks).
void Warn(const std::string& message);

// The per-phase timings of this command (runtime/base/timings.h): on
// stderr with --debug-timings, in --log at level debug with --debug.
void ReportTimings(const Globals& g);

// Requires exactly `n` operands; names the verb in the error.
absl::Status WantOperands(const Parsed& p, const char* verb, size_t min, size_t max);

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_CLI_H_

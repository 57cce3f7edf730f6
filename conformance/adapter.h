// Adapter: how the engine drives one runtime through the steps of a case.
//
// The engine owns the case (bundle, variables, expectations, verdicts); an
// adapter only performs steps ("run", "create", "start", "state", "kill",
// "delete", "exec", "wait", "output", "cli") and reports what happened:
// exit status, the runtime's stdout and stderr, and what the container
// process wrote. Two adapters exist: CliAdapter (any runc-compatible
// binary) and LibraryAdapter (nsinit's //runtime in-process). A step an
// adapter cannot perform returns Unimplemented, which the engine turns into
// a skip naming the adapter and step, never a pass.
#ifndef NSINIT_CONFORMANCE_ADAPTER_H_
#define NSINIT_CONFORMANCE_ADAPTER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "conformance/selector.h"
#include "conformance/subprocess.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

// Per case, owned by the engine.
struct CaseContext {
  std::string id;      // container ID, unique per case
  std::string root;    // state root (--root), private to the case
  std::string bundle;  // absolute bundle directory
  std::string tmp;     // scratch directory for the case
  // File that receives the container process's stdout (and, after create,
  // its stderr unless told otherwise); read by "wait" and "output".
  std::string container_out;
  absl::Time deadline;            // of the current step
  Variables vars;                 // ${id}, ${bundle}, ${pid}, ...
  int commands = 0;               // runtime invocations so far (names scratch files)
  std::vector<pid_t> background;  // "sh" steps still running (host_shell.h)
};

struct StepOutput {
  Exit exit;
  std::string stdout_text;
  std::string stderr_text;
  bool has_container_output = false;
  std::string container_output;
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  // Short name for reports ("nsinit", "runc", "nsinit-library").
  virtual std::string name() const = 0;
  // What is driven (a binary path, or "in-process //runtime").
  virtual std::string description() const = 0;
  // True for adapters that drive a command line ("cli" steps, CLI needs).
  virtual bool is_cli() const = 0;
  // Whose deviations/<name>.json applies: the runtime's, whichever way it
  // is driven (nsinit's library is nsinit).
  virtual std::string deviations_name() const { return name(); }
  // `step` has its variables substituted already.
  virtual absl::StatusOr<StepOutput> RunStep(const rapidjson::Value& step, CaseContext& ctx) = 0;
  // Removes the container whatever state it is in; errors are ignored.
  virtual void Cleanup(CaseContext& ctx) = 0;
  // The runtime's features document (JSON text); NotFound if it has none.
  virtual absl::StatusOr<std::string> Features() = 0;
};

// The "wait" (for the init ${pid} to exit, with a pidfd) and "output"
// steps, which read the container's output file the same way for every
// adapter.
// For "output", a step with "until": TEXT first waits (inotify on the
// output file, until the step's deadline) for the output to contain TEXT,
// so a case can act once the container said it is ready; the deadline
// passing is a timeout of the step.
absl::StatusOr<StepOutput> ContainerOutputStep(const rapidjson::Value& step, CaseContext& ctx);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_ADAPTER_H_

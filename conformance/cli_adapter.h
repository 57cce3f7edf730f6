// CliAdapter: drives any runc-compatible runtime binary (nsinit, runc,
// crun, youki) through its command line.
//
// Every invocation is `BINARY --root <case root> [global...] VERB [args...]
// ID [tail...]`, run with a deadline (subprocess.h). The runtime's stdout
// and stderr go to files in the case's scratch directory, read once it
// exited; files, unlike pipes, cannot block a runtime that writes more than
// a pipe holds, and they stay valid when the container process inherits
// them. `run` and `create` give the container the case's container_out file
// as stdout: a detached, terminal-less runc-style create passes its own
// stdio through to the container, so what the probe prints lands there and
// is read after the init has exited (waited for with a pidfd). A `run`
// step with "tty" runs the runtime under a pty the engine owns, as from a
// terminal ("tty": {"resize": {...}} also resizes it, pty_run.h).
#ifndef NSINIT_CONFORMANCE_CLI_ADAPTER_H_
#define NSINIT_CONFORMANCE_CLI_ADAPTER_H_

#include <string>

#include "conformance/adapter.h"
#include "conformance/pty_run.h"

namespace nsinit::conformance {

class CliAdapter : public Adapter {
 public:
  // `name` for reports; `binary` is an absolute path.
  CliAdapter(std::string name, std::string binary)
      : name_(std::move(name)), binary_(std::move(binary)) {}

  std::string name() const override { return name_; }
  std::string description() const override { return binary_; }
  bool is_cli() const override { return true; }
  absl::StatusOr<StepOutput> RunStep(const rapidjson::Value& step, CaseContext& ctx) override;
  void Cleanup(CaseContext& ctx) override;
  absl::StatusOr<std::string> Features() override;

 private:
  // Runs one runtime command; stdout to `stdout_path` when non-empty (the
  // container's output file), else to a scratch file that is read back.
  absl::StatusOr<StepOutput> Invoke(const std::vector<std::string>& args, CaseContext& ctx,
                                    const std::string& stdout_path, const std::string& cwd);

  // A foreground `run` with a terminal on the caller's side (pty_run.h).
  absl::StatusOr<StepOutput> InvokeUnderPty(const std::vector<std::string>& args, CaseContext& ctx,
                                            const std::string& cwd, const PtyOptions& pty);

  std::string name_;
  std::string binary_;
  bool features_read_ = false;
  absl::StatusOr<std::string> features_ = absl::NotFoundError("not read");
};

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_CLI_ADAPTER_H_

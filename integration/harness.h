// The integration tests' harness: build a bundle, run it through the
// runtime library, collect what the container printed.
//
// The test binary is itself the container's init and exec helper: its
// main() calls nsinit::RunIfChild first (main.cc), exactly as the seed's
// libcontainer integration tests detected init/execin mode from argv.
// Output is collected through files, not pipes, so a chatty container can
// never block on a full pipe while the test waits for it.
#ifndef NSINIT_INTEGRATION_HARNESS_H_
#define NSINIT_INTEGRATION_HARNESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"
#include "runtime/config/spec.h"
#include "runtime/container.h"
#include "tools/testing/bundle.h"
#include "tools/testing/rootfs_builder.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::integration {

// Absolute path of a data dependency, from the workspace root
// ("tools/nsinit/nsinit").
std::string Runfile(absl::string_view path);

// A file's contents ("" when it cannot be read).
std::string ReadFile(const std::string& path);

// Path of the static probe (a data dependency of every test).
std::string ProbePath();

// A rootfs with busybox and the probe at /probe.
testing::RootfsBuilder ProbeRootfs();

struct Output {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A bundle plus a private state root, removed at destruction together with
// anything a failed test left.
class Harness {
 public:
  static absl::StatusOr<Harness> Create(absl::string_view patch = "{}",
                                        testing::RootfsBuilder rootfs = ProbeRootfs());

  // The parsed config.json, with root.path absolute.
  absl::StatusOr<config::Spec> Spec() const;
  CreateOptions Options(const std::string& id) const;
  const std::string& state_root() const { return state_root_; }
  testing::Bundle& bundle() { return bundle_; }
  const testing::Bundle& bundle() const { return bundle_; }

  // Creates, starts and waits for a container; returns its exit code and
  // output. The container is destroyed before returning.
  absl::StatusOr<Output> Run(const std::string& id = "c");
  // The same with a spec and options of the test's own (stdout and stderr
  // are replaced by the captures).
  absl::StatusOr<Output> Run(const config::Spec& spec, CreateOptions options);

  // Creates and starts a container of the bundle (its process must keep
  // running), execs `args` into it and returns that process's exit code.
  // The container is destroyed before returning.
  absl::StatusOr<int> ExecExitCode(const std::vector<std::string>& args,
                                   const std::string& id = "c");

  // Rewrites config.json as base + the creation patch + `patch`.
  absl::Status Repatch(absl::string_view patch);

  // Runs the probe with `args` and parses its (single-line) JSON.
  absl::StatusOr<rapidjson::Document> Probe(const std::vector<std::string>& args,
                                            const std::string& id = "c");

 private:
  Harness(std::string patch, testing::Bundle bundle, testing::TempDir state)
      : patch_(std::move(patch)),
        bundle_(std::move(bundle)),
        state_(std::move(state)),
        state_root_(state_.Sub("run")) {}

  std::string patch_;  // the bundle's patch over the base config

  testing::Bundle bundle_;
  testing::TempDir state_;
  std::string state_root_;
};

// A temp file to hand to a container as stdout/stderr, read back later.
class CaptureFile {
 public:
  CaptureFile();
  ~CaptureFile();
  int fd() const { return fd_; }
  std::string Read() const;

 private:
  int fd_ = -1;
};

// Starts `bin --root ROOT args...` (a runtime's command line) with stdin,
// stdout and stderr from `in`, `out`, `err` (-1: /dev/null), in `cwd` when
// not empty. The caller reaps it with WaitExitCode.
pid_t StartRuntime(const std::string& bin, const std::string& root,
                   const std::vector<std::string>& args, int in, int out, int err,
                   const std::string& cwd = "");

// Waits for child `pid`: its exit code, or 128+N when killed by signal N.
int WaitExitCode(pid_t pid);

// StartRuntime with stdin /dev/null and stdout and stderr captured, waited
// for: its exit code and what it printed.
Output RunRuntime(const std::string& bin, const std::string& root,
                  const std::vector<std::string>& args);

// A fresh harness with `patch`, running `/probe facts`; a failure is
// reported as a test failure and yields an empty (non-object) document.
rapidjson::Document ProbeFacts(absl::string_view patch = "{}");

// Parses one JSON object; errors quote the text.
absl::StatusOr<rapidjson::Document> ParseJson(absl::string_view text);

// Finds the mount at `mount_point` in probe facts' "mounts" (nullptr if none).
const rapidjson::Value* FindMount(const rapidjson::Value& facts, absl::string_view mount_point);
// Finds /dev entry `path` in probe facts' "devices" (nullptr if none).
const rapidjson::Value* FindDevice(const rapidjson::Value& facts, absl::string_view path);
// The strings of a JSON array (e.g. a mount's "options").
std::vector<std::string> Strings(const rapidjson::Value& array);

}  // namespace nsinit::integration

#endif  // NSINIT_INTEGRATION_HARNESS_H_

#include "runtime/v1/directory.h"

#include <fcntl.h>
#include <unistd.h>

#include "absl/cleanup/cleanup.h"
#include "runtime/base/file_io.h"
#include "runtime/base/stable_hash.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/v1_import.h"
#include "runtime/console/console_proxy.h"
#include "runtime/container.h"

namespace nsinit {
namespace {

// container.json and state.json: a v1 config is a few KiB, a state less.
constexpr size_t kMaxV1FileBytes = 16 << 20;

// A stable id per directory, so a later exec there finds the container.
std::string IdFor(const std::string& dir) { return "v1-" + StableHashHex(dir); }

// 0644: it sits in the user's directory, readable as their other files.
absl::Status WriteStateFile(const std::string& path, const state::State& st) {
  return WriteFileAtomic(path, state::ToJson(st, /*oci_only=*/false), 0644);
}

}  // namespace

bool IsV1Directory(const std::string& dir) {
  return access((dir + "/container.json").c_str(), F_OK) == 0;
}

absl::StatusOr<config::Spec> V1Config(const std::string& dir,
                                      const std::vector<std::string>& args) {
  std::string path = dir + "/container.json";
  ASSIGN_OR_RETURN(std::string json, ReadFile(path, kMaxV1FileBytes));
  absl::StatusOr<config::Spec> spec = config::ImportV1Config(json, dir, args);
  if (!spec.ok()) return Annotate(spec.status(), path);
  return spec;
}

absl::StatusOr<int> V1Exec(const std::string& dir, const std::vector<std::string>& args,
                           const std::string& root) {
  std::string state_path = dir + "/state.json";
  absl::StatusOr<std::string> state_json = ReadFile(state_path, kMaxV1FileBytes);
  if (!state_json.ok() && state_json.status().code() != absl::StatusCode::kNotFound) {
    return state_json.status();
  }
  if (state_json.ok()) {
    // A container runs from here: join it.
    ASSIGN_OR_RETURN(state::State st, state::FromJson(*state_json));
    ASSIGN_OR_RETURN(Container c, Container::Load(root, st.id));
    ASSIGN_OR_RETURN(config::Spec spec, V1Config(dir, args));
    // The joining process shares the caller's stdio (no second pty yet).
    spec.process->terminal = false;
    ASSIGN_OR_RETURN(process::ChildProcess child, c.Exec(*spec.process));
    return child.Wait();
  }
  ASSIGN_OR_RETURN(config::Spec spec, V1Config(dir, args));
  CreateOptions options;
  options.root = root;
  options.id = IdFor(dir);
  options.bundle = dir;
  options.kill_on_parent_death = true;
  ASSIGN_OR_RETURN(Container c, Container::Create(spec, options));
  absl::Cleanup destroy = [&] {
    unlink(state_path.c_str());
    (void)c.Destroy(true);
  };
  UniqueFd console = c.TakeConsole();
  RETURN_IF_ERROR(c.Start());
  // Written once the user's program runs (Start returns after its execve),
  // so whoever finds state.json can join a container that is running it.
  ASSIGN_OR_RETURN(state::State st, c.State());
  RETURN_IF_ERROR(WriteStateFile(state_path, st));
  if (console) RETURN_IF_ERROR(ProxyConsole(console.get()));
  return c.Wait();
}

}  // namespace nsinit

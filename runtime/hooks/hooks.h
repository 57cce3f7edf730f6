// The OCI hooks the runtime itself runs (config.md#posix-platform-hooks):
// prestart and createRuntime during create, in the runtime's namespaces,
// once the container's namespaces and mounts exist and before its root is
// switched; poststart after the user process started, before `start`
// returns; poststop after the container is deleted, before `delete`
// returns. createContainer and startContainer run in the container's init
// (runtime/process/hooks_child.h) from HookSteps planned here.
//
// Each hook gets the container's OCI state JSON on stdin and runs with
// exactly its configured args and env. The first failing hook of a list
// that can fail stops the list and the operation (RunHooks); poststart and
// poststop failures are warnings only and every hook runs (RunHooksWarn).
#ifndef NSINIT_RUNTIME_HOOKS_HOOKS_H_
#define NSINIT_RUNTIME_HOOKS_HOOKS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime/config/spec.h"

namespace nsinit::hooks {

enum class HookKind {
  kPrestart,
  kCreateRuntime,
  kCreateContainer,
  kStartContainer,
  kPoststart,
  kPoststop,
};

// The config's name of the list: "prestart", "createRuntime", ...
const char* HookKindName(HookKind kind);

// The hook names every list this runtime runs (for `features`).
std::vector<std::string> SupportedHookNames();

// Runs `hooks` one after another with `state_json` on stdin. The first
// failure ends the list: "createRuntime hook 1 (/usr/bin/x): exit status 2;
// output: ...".
absl::Status RunHooks(HookKind kind, const std::vector<config::Hook>& hooks,
                      const std::string& state_json);

// Runs every hook of `hooks`; returns one warning per failed hook.
std::vector<std::string> RunHooksWarn(HookKind kind, const std::vector<config::Hook>& hooks,
                                      const std::string& state_json);

}  // namespace nsinit::hooks

#endif  // NSINIT_RUNTIME_HOOKS_HOOKS_H_

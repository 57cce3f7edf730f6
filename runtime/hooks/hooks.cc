#include "runtime/hooks/hooks.h"

#include "absl/strings/str_cat.h"
#include "runtime/hooks/hook_exec.h"

namespace nsinit::hooks {
namespace {

// Runs one hook; an error names the list, the index and the path.
absl::Status RunOne(HookKind kind, size_t index, const config::Hook& hook,
                    const std::string& state_json) {
  std::vector<char*> argv;
  std::vector<std::string> args = hook.args;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  std::vector<std::string> env = hook.env;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  int timeout = hook.timeout.value_or(0);
  HookOutcome outcome;
  RunHookRaw(hook.path.c_str(), argv.data(), envp.data(), state_json.data(), state_json.size(),
             timeout, &outcome);
  if (outcome.ok()) return absl::OkStatus();
  char why[1024] = {};
  DescribeOutcome(outcome, timeout, why, sizeof(why));
  std::string message =
      absl::StrCat(HookKindName(kind), " hook ", index, " (", hook.path, "): ", why);
  if (outcome.kind == HookOutcome::kTimedOut) return absl::DeadlineExceededError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace

const char* HookKindName(HookKind kind) {
  switch (kind) {
    case HookKind::kPrestart:
      return "prestart";
    case HookKind::kCreateRuntime:
      return "createRuntime";
    case HookKind::kCreateContainer:
      return "createContainer";
    case HookKind::kStartContainer:
      return "startContainer";
    case HookKind::kPoststart:
      return "poststart";
    case HookKind::kPoststop:
      return "poststop";
  }
  return "unknown";
}

std::vector<std::string> SupportedHookNames() {
  return {"prestart",       "createRuntime", "createContainer",
          "startContainer", "poststart",     "poststop"};
}

absl::Status RunHooks(HookKind kind, const std::vector<config::Hook>& hooks,
                      const std::string& state_json) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    if (absl::Status s = RunOne(kind, i, hooks[i], state_json); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::string> RunHooksWarn(HookKind kind, const std::vector<config::Hook>& hooks,
                                      const std::string& state_json) {
  std::vector<std::string> warnings;
  for (size_t i = 0; i < hooks.size(); ++i) {
    if (absl::Status s = RunOne(kind, i, hooks[i], state_json); !s.ok()) {
      warnings.emplace_back(s.message());
    }
  }
  return warnings;
}

}  // namespace nsinit::hooks

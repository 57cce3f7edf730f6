#include "runtime/process/hooks_child.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "runtime/hooks/hook_exec.h"
#include "runtime/process/exec_child.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

std::vector<HookCall> PrepareHooksInChild(const std::vector<HookStep>& hooks) {
  std::vector<HookCall> calls;
  calls.reserve(hooks.size());
  for (const HookStep& h : hooks) calls.push_back({&h, CStringArray(h.argv), CStringArray(h.envp)});
  return calls;
}

void RunHooksInChild(const std::vector<HookCall>& calls, const std::string& state, ChildStep step) {
  for (size_t i = 0; i < calls.size(); ++i) {
    const HookStep& h = *calls[i].hook;
    hooks::HookOutcome outcome;
    hooks::RunHookRaw(h.path.c_str(), calls[i].argv.data(), calls[i].envp.data(), state.data(),
                      state.size(), static_cast<int>(h.timeout_s), &outcome);
    if (outcome.ok()) continue;
    // A fixed buffer, the size of the record that carries it: under the
    // seccomp filter nothing is allocated.
    char what[sizeof(SyncMessage::text)];
    snprintf(what, sizeof(what), "hook %zu (%s): ", i, h.path.c_str());
    hooks::DescribeOutcome(outcome, static_cast<int>(h.timeout_s), what, sizeof(what));
    errno = 0;
    FailInChild(step, what);
  }
}

void RunCreateContainerHooksInChild(const InitPlan& plan) {
  if (plan.sync_hooks) {
    if (!ChildSend(ChildReportFd(), SyncType::kHooks)) FailInChild(ChildStep::kHookSync, nullptr);
    AwaitRuntimeInChild(SyncType::kHooksDone, ChildStep::kHookSync);
  }
  // The init's umask is 0 here (for exact device modes); hooks get the
  // usual 022.
  mode_t init_umask = umask(022);
  RunHooksInChild(PrepareHooksInChild(plan.create_container_hooks), plan.create_hook_state,
                  ChildStep::kCreateContainerHook);
  umask(init_umask);
}

}  // namespace nsinit::process

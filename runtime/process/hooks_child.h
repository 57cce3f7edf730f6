// The OCI hooks the init runs itself (hook_exec.h runs each):
// createContainer, in the container's mount namespace before pivot_root,
// and startContainer, after `start`, right before the user's program.
// The first failure is the init's failure ("running createContainer hook 1
// (/x): exit status 2; output: ...").
#ifndef NSINIT_RUNTIME_PROCESS_HOOKS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_HOOKS_CHILD_H_

#include <string>
#include <vector>

#include "runtime/process/init_plan.h"
#include "runtime/process/sync_child.h"

namespace nsinit::process {

// One hook with its argv and envp laid out, so that running it allocates
// nothing: startContainer hooks run under the container's seccomp filter.
struct HookCall {
  const HookStep* hook;
  std::vector<char*> argv;  // into hook->argv
  std::vector<char*> envp;  // into hook->envp
};

std::vector<HookCall> PrepareHooksInChild(const std::vector<HookStep>& hooks);

// Runs `calls` in order with `state` on their stdin; the first failure
// fails the child as `step`.
void RunHooksInChild(const std::vector<HookCall>& calls, const std::string& state, ChildStep step);

// The container's mounts exist and the root is not switched yet: the
// runtime runs prestart and createRuntime hooks (in its own namespaces),
// then the init runs createContainer hooks here, in the container's mount
// namespace with host paths still reachable.
void RunCreateContainerHooksInChild(const InitPlan& plan);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_HOOKS_CHILD_H_

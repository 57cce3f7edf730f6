// The child's last step: the container's program, looked up like execvp
// does, inside the container and as its final user, then exec'd.
//
// The lookup also lays out argv and envp as execve(2) takes them, before a
// no_new_privs seccomp filter is loaded right before exec: from the filter
// on, the child allocates nothing (the filter must not see the runtime's
// own calls, brk and mmap included). Without no_new_privs the filter comes
// before the identity change and sees more of the setup anyway
// (seccomp_child.h).
#ifndef NSINIT_RUNTIME_PROCESS_EXEC_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_EXEC_CHILD_H_

#include <string>
#include <vector>

#include "runtime/process/init_plan.h"

namespace nsinit::process {

// `strings` as a nullptr-terminated array of C strings (pointing into
// `strings`, which must outlive it), as execve(2) takes argv and envp.
std::vector<char*> CStringArray(const std::vector<std::string>& strings);

// An execve(2) ready to make: the resolved path, argv and envp.
struct ExecCall {
  std::string path;
  std::vector<char*> argv;  // into plan.argv
  std::vector<char*> envp;  // into plan.envp
};

// Resolves plan.argv[0] like execvp, with the container's PATH: an error
// here surfaces at create time rather than as a dead container.
ExecCall LookUpExecutableInChild(const InitPlan& plan);

// execve; returns only to fail the child.
[[noreturn]] void ExecInChild(const ExecCall& call);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_EXEC_CHILD_H_

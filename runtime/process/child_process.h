// ChildProcess: the owner of a process the runtime started.
//
// Holds its pid, a pidfd (immune to pid reuse) and the sync socket. Unless
// released, destruction SIGKILLs and reaps it: an error on any path leaves
// no half-made container running.
#ifndef NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_
#define NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_

#include <sys/types.h>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::process {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(pid_t pid, UniqueFd pidfd) : pid_(pid), pidfd_(std::move(pidfd)) {}
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  int pidfd() const { return pidfd_.get(); }

  // Waits for exit; returns the exit code, or 128+signal when killed.
  absl::StatusOr<int> Wait();
  absl::Status Signal(int sig);

  // Gives up ownership: the process keeps running, no one reaps it here.
  pid_t Release();

 private:
  void KillAndReap();

  pid_t pid_ = -1;
  UniqueFd pidfd_;
};

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_

// ChildProcess: the owner of a process the runtime started.
//
// Holds its pid, a pidfd (immune to pid reuse) and the sync socket. Unless
// released, destruction SIGKILLs and reaps it: an error on any path leaves
// no half-made container running.
//
// A ChildReaper lets another owner reap the same process: a container
// keeps one for each process exec'd into it. A pid namespace's init does
// not finish exiting until every process of its namespace is reaped, and
// the exec'd ones are children of the very process that waits for that
// init (Container::Wait, Destroy): it must reap them meanwhile or wait for
// ever. What a reaper reaps, the ChildProcess's Wait returns.
#ifndef NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_
#define NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::process {

// What a ChildProcess and its reapers share. Its pid and pidfd never
// change; the rest is guarded by `mu`.
struct ChildState {
  ChildState(pid_t p, UniqueFd fd) : pid(p), pidfd(std::move(fd)) {}

  const pid_t pid;
  const UniqueFd pidfd;
  std::mutex mu;
  std::optional<absl::StatusOr<int>> exit;  // once reaped
  bool released = false;
};

class ChildReaper;

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(pid_t pid, UniqueFd pidfd);
  ChildProcess(ChildProcess&& other) noexcept = default;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  // -1 once released (or for a default-constructed one).
  pid_t pid() const { return state_ ? state_->pid : -1; }
  int pidfd() const { return state_ ? state_->pidfd.get() : -1; }

  // Waits for exit; returns the exit code, or 128+signal when killed. Once
  // the process is reaped (here or by a reaper) it returns that again.
  absl::StatusOr<int> Wait();
  // Whether it has been reaped (here or by a reaper): Wait returns at once.
  bool Reaped() const;
  absl::Status Signal(int sig);

  // Gives up ownership: the process keeps running, no one reaps it here
  // (nor through a reaper).
  pid_t Release();

  // A reaper of this process, valid while this ChildProcess owns it.
  ChildReaper Reaper() const;

 private:
  void KillAndReap();

  std::shared_ptr<ChildState> state_;
};

class ChildReaper {
 public:
  // The shared state while the process is still to be reaped through this
  // reaper; null once its ChildProcess is gone, released it or reaped it.
  // Hold it while polling its pidfd.
  std::shared_ptr<ChildState> Pending() const;

  // Reaps the process if it has exited; never blocks.
  static void ReapIfExited(ChildState& state);

 private:
  friend class ChildProcess;
  explicit ChildReaper(std::weak_ptr<ChildState> state) : state_(std::move(state)) {}

  std::weak_ptr<ChildState> state_;
};

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CHILD_PROCESS_H_

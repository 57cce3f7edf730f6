// Running a runtime's command line as a child, with a deadline.
//
// maxrss_kib is wait4(2)'s ru_maxrss, which for a child started from this
// (multi-megabyte) process is at least this process's own peak: execve
// folds the replaced mm's high-water mark into it. Use bench/maxrss.cc to
// measure a runtime's peak RSS.
//
// stdin and stdout are /dev/null; stderr goes to an anonymous memfd that is
// read back (stderr_text), so an error names what the runtime said and
// `--debug-timings` phases can be read. A deadline is enforced with a pidfd (pidfd_open(2) +
// poll(2)), never with a sleep; a command that overstays it is SIGKILLed and reaped.
#ifndef NSINIT_BENCH_COMMAND_H_
#define NSINIT_BENCH_COMMAND_H_

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::bench {

struct CommandResult {
  int exit_code = -1;   // exit status, or 128+signal
  long maxrss_kib = 0;  // ru_maxrss of the command and its reaped children
  std::string stderr_text;
};

// A started command: Wait() it exactly once.
class RunningCommand {
 public:
  static absl::StatusOr<RunningCommand> Start(const std::vector<std::string>& argv);

  RunningCommand(RunningCommand&& other) noexcept
      : pid_(std::exchange(other.pid_, -1)),
        pidfd_(std::move(other.pidfd_)),
        stderr_(std::move(other.stderr_)) {}
  RunningCommand& operator=(RunningCommand&&) = delete;
  // Kills and reaps a command that was never waited for.
  ~RunningCommand();

  // Waits until the command exits or `deadline` passes (then it is killed
  // and the result is DeadlineExceeded).
  absl::StatusOr<CommandResult> Wait(absl::Time deadline);

 private:
  RunningCommand(pid_t pid, UniqueFd pidfd, UniqueFd err)
      : pid_(pid), pidfd_(std::move(pidfd)), stderr_(std::move(err)) {}

  pid_t pid_ = -1;
  UniqueFd pidfd_;
  UniqueFd stderr_;
};

// Start + Wait, with a default deadline of 60 s.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         absl::Duration timeout = absl::Seconds(60));

// RunCommand, and an error carrying the command's stderr unless it exited 0.
absl::StatusOr<CommandResult> RunCommandOk(const std::vector<std::string>& argv,
                                           absl::Duration timeout = absl::Seconds(60));

}  // namespace nsinit::bench

#endif  // NSINIT_BENCH_COMMAND_H_

#include "bench/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"

extern char** environ;

namespace nsinit::bench {
namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = pread(fd, buf, sizeof(buf), static_cast<off_t>(out.size()))) > 0) {
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

absl::StatusOr<RunningCommand> RunningCommand::Start(const std::vector<std::string>& argv) {
  UniqueFd err(memfd_create("bench-stderr", MFD_CLOEXEC));
  if (!err) return LastErrnoStatus("memfd_create bench-stderr MFD_CLOEXEC");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  // posix_spawn is clone(CLONE_VM|CLONE_VFORK) in glibc: the cheapest way
  // to start a command, so the harness adds as little as possible.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err.get(), 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return ErrnoStatus(rc, absl::StrCat("posix_spawn ", absl::StrJoin(argv, " ")));
  UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) {
    absl::Status s = LastErrnoStatus(absl::StrCat("pidfd_open ", pid));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return s;
  }
  return RunningCommand(pid, std::move(pidfd), std::move(err));
}

RunningCommand::~RunningCommand() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

absl::StatusOr<CommandResult> RunningCommand::Wait(absl::Time deadline) {
  if (pid_ <= 0) return absl::FailedPreconditionError("command already waited for");
  pollfd p = {pidfd_.get(), POLLIN, 0};
  for (;;) {
    const absl::Duration left = deadline - absl::Now();
    const int ms =
        left <= absl::ZeroDuration() ? 0 : static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
    const int n = poll(&p, 1, ms);
    if (n > 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return LastErrnoStatus("poll pidfd");
    kill(pid_, SIGKILL);
    waitpid(std::exchange(pid_, -1), nullptr, 0);
    return absl::DeadlineExceededError(
        absl::StrCat("command timed out; stderr: ", ReadAll(stderr_.get())));
  }
  int status = 0;
  rusage usage = {};
  pid_t r;
  while ((r = wait4(pid_, &status, 0, &usage)) < 0 && errno == EINTR) {
  }
  if (r < 0) return LastErrnoStatus(absl::StrCat("wait4 ", pid_));
  pid_ = -1;
  CommandResult result;
  result.exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  result.maxrss_kib = usage.ru_maxrss;
  // Always: --debug-timings writes the phases there.
  result.stderr_text = ReadAll(stderr_.get());
  return result;
}

absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         absl::Duration timeout) {
  absl::StatusOr<RunningCommand> cmd = RunningCommand::Start(argv);
  if (!cmd.ok()) return cmd.status();
  return cmd->Wait(absl::Now() + timeout);
}

absl::StatusOr<CommandResult> RunCommandOk(const std::vector<std::string>& argv,
                                           absl::Duration timeout) {
  absl::StatusOr<CommandResult> r = RunCommand(argv, timeout);
  if (r.ok() && r->exit_code != 0) {
    return absl::InternalError(absl::StrCat(absl::StrJoin(argv, " "), ": exit ", r->exit_code, ": ",
                                            absl::StripTrailingAsciiWhitespace(r->stderr_text)));
  }
  return r;
}

}  // namespace nsinit::bench

#include "tools/nsinit/ps_table.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"

extern char** environ;

namespace nsinit::cli {

absl::StatusOr<std::string> FilterPsOutput(const std::string& ps_output,
                                           const std::vector<pid_t>& pids) {
  std::vector<absl::string_view> lines = absl::StrSplit(ps_output, '\n', absl::SkipEmpty());
  if (lines.empty()) return absl::InvalidArgumentError("ps: no output");
  std::vector<absl::string_view> header = absl::StrSplit(lines[0], ' ', absl::SkipWhitespace());
  auto col = std::find(header.begin(), header.end(), "PID");
  if (col == header.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("ps: the options give no PID column: \"", lines[0], "\""));
  }
  size_t index = col - header.begin();
  std::string out = absl::StrCat(lines[0], "\n");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<absl::string_view> fields = absl::StrSplit(lines[i], ' ', absl::SkipWhitespace());
    pid_t pid;
    if (fields.size() <= index || !absl::SimpleAtoi(fields[index], &pid)) continue;
    if (std::find(pids.begin(), pids.end(), pid) != pids.end())
      absl::StrAppend(&out, lines[i], "\n");
  }
  return out;
}

absl::StatusOr<std::string> PsTable(const std::vector<pid_t>& pids,
                                    const std::vector<std::string>& ps_args) {
  std::vector<std::string> args = {"ps"};
  if (ps_args.empty()) {
    args.push_back("-ef");
  } else {
    args.insert(args.end(), ps_args.begin(), ps_args.end());
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return LastErrnoStatus("ps: pipe2");
  absl::Cleanup close_read = [&] { close(fds[0]); };
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  pid_t child;
  int rc = posix_spawnp(&child, "ps", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) return ErrnoStatus(rc, absl::StrCat("ps: spawn ", absl::StrJoin(args, " ")));
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buf, n);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("ps: `", absl::StrJoin(args, " "), "` failed: ", output));
  }
  return FilterPsOutput(output, pids);
}

}  // namespace nsinit::cli

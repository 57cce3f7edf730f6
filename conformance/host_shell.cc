#include "conformance/host_shell.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "conformance/file_util.h"
#include "conformance/status.h"
#include "conformance/subprocess.h"
#include "conformance/unique_fd.h"

extern char** environ;

namespace nsinit::conformance {

namespace {

std::vector<std::string> ShellEnvironment(const CaseContext& ctx) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  auto var = [&](const char* name) {
    auto it = ctx.vars.find(name);
    return it == ctx.vars.end() ? std::string() : it->second;
  };
  env.push_back("RUNTIME=" + var("runtime"));
  env.push_back("ROOT=" + ctx.root);
  env.push_back("BUNDLE=" + ctx.bundle);
  env.push_back("ID=" + ctx.id);
  env.push_back("TMP=" + ctx.tmp);
  return env;
}

}  // namespace

absl::StatusOr<StepOutput> RunHostShell(const rapidjson::Value& step, CaseContext& ctx) {
  auto script = step.FindMember("script");
  if (script == step.MemberEnd() || !script->value.IsString()) {
    return absl::InvalidArgumentError("step.script: expected a string");
  }
  auto bg = step.FindMember("background");
  const bool background = bg != step.MemberEnd() && bg->value.IsBool() && bg->value.GetBool();
  const std::vector<std::string> argv = {"/bin/sh", "-c", script->value.GetString()};
  int n = ++ctx.commands;
  const std::string out_path = absl::StrCat(ctx.tmp, "/sh", n, ".out");
  const std::string err_path = absl::StrCat(ctx.tmp, "/sh", n, ".err");
  UniqueFd out(open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out.valid()) return ErrnoStatus(errno, "open " + out_path);
  UniqueFd err(open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!err.valid()) return ErrnoStatus(errno, "open " + err_path);

  StepOutput result;
  if (background) {
    ASSIGN_OR_RETURN(pid_t pid, StartCommand(argv, -1, out.get(), err.get(), ctx.tmp,
                                             ShellEnvironment(ctx), /*own_group=*/true));
    ctx.background.push_back(pid);
    result.exit.code = 0;
    return result;
  }
  ASSIGN_OR_RETURN(result.exit, RunCommand(argv, -1, out.get(), err.get(), ctx.deadline, ctx.tmp,
                                           ShellEnvironment(ctx)));
  ASSIGN_OR_RETURN(result.stdout_text, ReadFileToString(out_path));
  ASSIGN_OR_RETURN(result.stderr_text, ReadFileToString(err_path));
  // Probe verbs run by the script print JSON lines: judge them as output.
  result.has_container_output = true;
  result.container_output = result.stdout_text;
  return result;
}

void StopBackgroundShells(CaseContext& ctx) {
  for (pid_t pid : ctx.background) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  ctx.background.clear();
}

}  // namespace nsinit::conformance

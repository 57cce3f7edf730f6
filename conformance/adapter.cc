#include "conformance/adapter.h"

#include <errno.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "conformance/file_util.h"
#include "conformance/unique_fd.h"

namespace nsinit::conformance {

namespace {

// Waits until `path` contains `text` or `deadline` passes; false then.
bool WaitForText(const std::string& path, const std::string& text, absl::Time deadline) {
  UniqueFd in(inotify_init1(IN_CLOEXEC));
  if (!in) return false;
  // Watched before the first read, so no write between them is missed.
  if (inotify_add_watch(in.get(), path.c_str(), IN_MODIFY | IN_CLOSE_WRITE) < 0) return false;
  for (;;) {
    absl::StatusOr<std::string> now = ReadFileToString(path);
    if (now.ok() && now->find(text) != std::string::npos) return true;
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    struct pollfd p = {in.get(), POLLIN, 0};
    int rc = poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (rc < 0 && errno != EINTR) return false;
    if (rc > 0) {
      char events[4096];
      if (read(in.get(), events, sizeof(events)) < 0 && errno != EINTR) return false;
    }
  }
}

}  // namespace

absl::StatusOr<StepOutput> ContainerOutputStep(const rapidjson::Value& step, CaseContext& ctx) {
  const std::string kind = step["step"].GetString();
  StepOutput result;
  result.exit.code = 0;
  if (kind == "wait") {
    auto pid_var = ctx.vars.find("pid");
    long pid = 0;
    if (pid_var == ctx.vars.end() || !absl::SimpleAtoi(pid_var->second, &pid) || pid <= 0) {
      return absl::FailedPreconditionError("wait: no ${pid} known (state gave none)");
    }
    if (!WaitForExit(static_cast<pid_t>(pid), ctx.deadline).ok()) {
      result.exit.timed_out = true;
      result.exit.code = -1;
    }
  }
  auto until = step.FindMember("until");
  if (kind == "output" && until != step.MemberEnd() && until->value.IsString() &&
      !WaitForText(ctx.container_out, until->value.GetString(), ctx.deadline)) {
    result.exit.timed_out = true;
    result.exit.code = -1;
  }
  result.has_container_output = true;
  absl::StatusOr<std::string> text = ReadFileToString(ctx.container_out);
  if (text.ok()) result.container_output = *text;
  return result;
}

}  // namespace nsinit::conformance

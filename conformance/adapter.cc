#include "conformance/adapter.h"

#include "absl/strings/numbers.h"
#include "conformance/file_util.h"

namespace nsinit::conformance {

absl::StatusOr<StepOutput> ContainerOutputStep(const std::string& kind, CaseContext& ctx) {
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
  result.has_container_output = true;
  absl::StatusOr<std::string> text = ReadFileToString(ctx.container_out);
  if (text.ok()) result.container_output = *text;
  return result;
}

}  // namespace nsinit::conformance

#include "conformance/cli_adapter.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "conformance/file_util.h"
#include "conformance/pty_run.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"

namespace nsinit::conformance {

namespace {

absl::StatusOr<std::vector<std::string>> Strings(const rapidjson::Value& step, const char* member) {
  std::vector<std::string> out;
  auto m = step.FindMember(member);
  if (m == step.MemberEnd()) return out;
  if (!m->value.IsArray()) {
    return absl::InvalidArgumentError(absl::StrCat("step.", member, ": not an array"));
  }
  for (const auto& e : m->value.GetArray()) {
    if (e.IsString()) {
      out.push_back(e.GetString());
    } else if (e.IsInt()) {
      out.push_back(absl::StrCat(e.GetInt()));
    } else {
      return absl::InvalidArgumentError(absl::StrCat("step.", member, "[]: not a string"));
    }
  }
  return out;
}

std::string StringMember(const rapidjson::Value& step, const char* member,
                         const std::string& fallback) {
  auto m = step.FindMember(member);
  if (m == step.MemberEnd()) return fallback;
  if (m->value.IsString()) return m->value.GetString();
  if (m->value.IsInt()) return absl::StrCat(m->value.GetInt());
  return fallback;
}

bool BoolMember(const rapidjson::Value& step, const char* member) {
  auto m = step.FindMember(member);
  return m != step.MemberEnd() && m->value.IsBool() && m->value.GetBool();
}

UniqueFd OpenOut(const std::string& path, bool append) {
  return UniqueFd(
      open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644));
}

// "tty": true | {"rows": R, "cols": C, "resize": {"rows", "cols", "after": TEXT}}
absl::StatusOr<PtyOptions> PtyOptionsOf(const rapidjson::Value& tty) {
  PtyOptions o;
  if (tty.IsBool()) return o;
  if (!tty.IsObject()) return absl::InvalidArgumentError("step.tty: expected true or an object");
  auto size = [](const rapidjson::Value& v, PtySize* out) {
    if (v.HasMember("rows") && v["rows"].IsUint())
      out->rows = static_cast<unsigned short>(v["rows"].GetUint());
    if (v.HasMember("cols") && v["cols"].IsUint())
      out->cols = static_cast<unsigned short>(v["cols"].GetUint());
  };
  size(tty, &o.initial);
  if (auto r = tty.FindMember("resize"); r != tty.MemberEnd()) {
    if (!r->value.IsObject() || !r->value.HasMember("after") || !r->value["after"].IsString()) {
      return absl::InvalidArgumentError(
          "step.tty.resize: expected {\"rows\", \"cols\", \"after\": TEXT}");
    }
    size(r->value, &o.resize);
    o.resize_after = r->value["after"].GetString();
  }
  return o;
}

}  // namespace

absl::StatusOr<StepOutput> CliAdapter::InvokeUnderPty(const std::vector<std::string>& args,
                                                      CaseContext& ctx, const std::string& cwd,
                                                      const PtyOptions& pty) {
  int n = ++ctx.commands;
  std::string err_path = absl::StrCat(ctx.tmp, "/cmd", n, ".err");
  UniqueFd err = OpenOut(err_path, false);
  if (!err.valid()) return ErrnoStatus(errno, "open " + err_path);
  std::vector<std::string> argv = {binary_, "--root", ctx.root};
  argv.insert(argv.end(), args.begin(), args.end());
  ASSIGN_OR_RETURN(PtyResult r, RunUnderPty(argv, err.get(), cwd, ctx.deadline, pty));
  err.reset();
  StepOutput result;
  result.exit = r.exit;
  ASSIGN_OR_RETURN(result.stderr_text, ReadFileToString(err_path));
  // What the terminal showed is the container's output (and the runtime's
  // stdout, which is the same terminal).
  result.stdout_text = r.output;
  result.has_container_output = true;
  result.container_output = r.output;
  if (!pty.resize_after.empty() && !r.resized) {
    result.stderr_text += absl::StrCat("\n[conform: the terminal never showed \"", pty.resize_after,
                                       "\", so no resize was sent]");
  }
  return result;
}

absl::StatusOr<StepOutput> CliAdapter::Invoke(const std::vector<std::string>& args,
                                              CaseContext& ctx, const std::string& stdout_path,
                                              const std::string& cwd) {
  int n = ++ctx.commands;
  std::string out_path =
      stdout_path.empty() ? absl::StrCat(ctx.tmp, "/cmd", n, ".out") : stdout_path;
  std::string err_path = absl::StrCat(ctx.tmp, "/cmd", n, ".err");
  UniqueFd out = OpenOut(out_path, !stdout_path.empty());
  if (!out.valid()) return ErrnoStatus(errno, "open " + out_path);
  UniqueFd err = OpenOut(err_path, false);
  if (!err.valid()) return ErrnoStatus(errno, "open " + err_path);
  std::vector<std::string> argv = {binary_, "--root", ctx.root};
  argv.insert(argv.end(), args.begin(), args.end());
  ASSIGN_OR_RETURN(Exit exit, RunCommand(argv, -1, out.get(), err.get(), ctx.deadline, cwd));
  out.reset();
  err.reset();
  StepOutput result;
  result.exit = exit;
  if (stdout_path.empty()) {
    ASSIGN_OR_RETURN(result.stdout_text, ReadFileToString(out_path));
  }
  ASSIGN_OR_RETURN(result.stderr_text, ReadFileToString(err_path));
  return result;
}

absl::StatusOr<StepOutput> CliAdapter::RunStep(const rapidjson::Value& step, CaseContext& ctx) {
  const std::string verb = step["step"].GetString();
  const std::string id = StringMember(step, "id", ctx.id);
  ASSIGN_OR_RETURN(std::vector<std::string> global, Strings(step, "global"));
  ASSIGN_OR_RETURN(std::vector<std::string> extra, Strings(step, "args"));
  std::string cwd = StringMember(step, "cwd", "");

  std::vector<std::string> args = global;
  if (verb == "cli") {
    ASSIGN_OR_RETURN(std::vector<std::string> argv, Strings(step, "argv"));
    args.insert(args.end(), argv.begin(), argv.end());
    return Invoke(args, ctx, "", cwd);
  }
  if (verb == "output" || verb == "wait") return ContainerOutputStep(step, ctx);
  if (verb == "run" || verb == "create") {
    args.push_back(verb);
    std::string bundle = StringMember(step, "bundle", ctx.bundle);
    if (!BoolMember(step, "no_bundle_flag")) {
      args.push_back("--bundle");
      args.push_back(bundle);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(id);
    if (verb == "run" && step.HasMember("tty")) {
      ASSIGN_OR_RETURN(PtyOptions pty, PtyOptionsOf(step["tty"]));
      return InvokeUnderPty(args, ctx, cwd, pty);
    }
    ASSIGN_OR_RETURN(StepOutput result, Invoke(args, ctx, ctx.container_out, cwd));
    if (verb == "run") {
      result.has_container_output = true;
      absl::StatusOr<std::string> text = ReadFileToString(ctx.container_out);
      if (text.ok()) result.container_output = *text;
    }
    return result;
  }
  static const char* const kIdVerbs[] = {"start",  "state", "kill", "delete", "pause",
                                         "resume", "ps",    "exec", "events", "update"};
  bool known = false;
  for (const char* v : kIdVerbs) known = known || verb == v;
  if (!known) return absl::UnimplementedError(absl::StrCat("unknown step \"", verb, "\""));
  args.push_back(verb);
  if (verb == "delete" && BoolMember(step, "force")) args.push_back("--force");
  if (verb == "kill" && BoolMember(step, "all")) args.push_back("--all");
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(id);
  ASSIGN_OR_RETURN(std::vector<std::string> tail, Strings(step, "command"));
  if (verb == "kill" && step.HasMember("signal")) tail.push_back(StringMember(step, "signal", ""));
  args.insert(args.end(), tail.begin(), tail.end());
  if (verb == "exec") {
    // The exec'd process writes to the runtime's stdout: the result's
    // container output.
    ASSIGN_OR_RETURN(StepOutput result, Invoke(args, ctx, "", cwd));
    result.has_container_output = true;
    result.container_output = result.stdout_text;
    return result;
  }
  return Invoke(args, ctx, "", cwd);
}

void CliAdapter::Cleanup(CaseContext& ctx) {
  ctx.deadline = absl::Now() + absl::Seconds(10);
  absl::StatusOr<StepOutput> out = Invoke({"delete", "--force", ctx.id}, ctx, "", "");
  (void)out;
}

absl::StatusOr<std::string> CliAdapter::Features() {
  if (features_read_) return features_;
  features_read_ = true;
  // memfds: no scratch directory is needed outside a case.
  UniqueFd out(memfd_create("features.out", MFD_CLOEXEC));
  UniqueFd err(memfd_create("features.err", MFD_CLOEXEC));
  if (!out.valid() || !err.valid()) return features_ = ErrnoStatus(errno, "memfd_create");
  absl::StatusOr<Exit> exit =
      RunCommand({binary_, "features"}, -1, out.get(), err.get(), absl::Now() + absl::Seconds(10));
  if (!exit.ok()) return features_ = exit.status();
  std::string text;
  char buf[8192];
  ssize_t n;
  lseek(out.get(), 0, SEEK_SET);
  while ((n = read(out.get(), buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  if (exit->code != 0 || text.empty()) {
    return features_ = absl::NotFoundError(
               absl::StrCat(binary_, " features: exit ", exit->code, ", no features document"));
  }
  return features_ = text;
}

}  // namespace nsinit::conformance

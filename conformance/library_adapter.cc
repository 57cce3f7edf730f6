#include "conformance/library_adapter.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "conformance/runtime_claim.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"
#include "runtime/config/oci_config.h"
#include "runtime/container.h"
#include "runtime/features/features.h"
#include "runtime/process/entry.h"

namespace nsinit::conformance {

namespace {

// "TERM", "SIGTERM" or "15" -> 15; the suite's own reading of a kill
// step's signal (not the runtime's parser).
absl::StatusOr<int> ParseSignal(const std::string& name) {
  char* end = nullptr;
  long n = strtol(name.c_str(), &end, 10);
  if (!name.empty() && *end == '\0') {
    if (n > 0 && n < NSIG) return static_cast<int>(n);
  } else {
    std::string bare = name.rfind("SIG", 0) == 0 ? name.substr(3) : name;
    for (int sig = 1; sig < NSIG; ++sig) {
      const char* abbrev = sigabbrev_np(sig);
      if (abbrev != nullptr && bare == abbrev) return sig;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("kill step: unknown signal \"", name, "\""));
}

StepOutput Failed(const absl::Status& st) {
  StepOutput out;
  out.exit.code = 1;
  out.stderr_text = absl::StrCat("nsinit-library: ", st.ToString(), "\n");
  return out;
}

StepOutput Ok() {
  StepOutput out;
  out.exit.code = 0;
  return out;
}

// The warnings `c` gained from index `from` on (failed poststart and
// poststop hooks), as the CLI prints them.
void AddWarnings(const Container& c, size_t from, StepOutput* out) {
  for (size_t i = from; i < c.warnings().size(); ++i) {
    absl::StrAppend(&out->stderr_text, "nsinit-library: warning: ", c.warnings()[i], "\n");
  }
}

std::string Member(const rapidjson::Value& step, const char* name, const std::string& fallback) {
  auto m = step.FindMember(name);
  return m != step.MemberEnd() && m->value.IsString() ? m->value.GetString() : fallback;
}

}  // namespace

void LibraryAdapter::RunIfChild(int argc, char** argv) { nsinit::RunIfChild(argc, argv); }

std::string LibraryAdapter::Version() {
  return absl::StrCat("nsinit runtime library (in-process), spec ", SpecVersion());
}

std::string LibraryAdapter::SpecVersion() { return SpecVersionFromFeatures(FeaturesJson()); }

LibraryAdapter::LibraryAdapter() = default;
LibraryAdapter::~LibraryAdapter() = default;

absl::StatusOr<StepOutput> LibraryAdapter::RunStep(const rapidjson::Value& step, CaseContext& ctx) {
  const std::string verb = step["step"].GetString();
  const std::string id = Member(step, "id", ctx.id);
  if (step.HasMember("args") || step.HasMember("global")) {
    return absl::UnimplementedError("command-line options have no library equivalent");
  }
  if (verb == "wait" || verb == "output") return ContainerOutputStep(step, ctx);
  if (step.HasMember("tty") && step["tty"].IsObject() && step["tty"].HasMember("resize")) {
    return absl::UnimplementedError("the library has no caller's terminal to resize");
  }
  if (verb == "run" || verb == "create") {
    absl::StatusOr<config::Spec> spec = config::LoadOciBundle(Member(step, "bundle", ctx.bundle));
    if (!spec.ok()) return Failed(spec.status());
    UniqueFd out(open(ctx.container_out.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (!out.valid()) return ErrnoStatus(errno, "open " + ctx.container_out);
    UniqueFd devnull(open("/dev/null", O_RDWR | O_CLOEXEC));
    CreateOptions options;
    options.root = ctx.root;
    options.id = id;
    options.bundle = Member(step, "bundle", ctx.bundle);
    options.stdio[0] = devnull.get();
    options.stdio[1] = out.get();
    options.stdio[2] = out.get();
    if (verb == "run") {
      absl::StatusOr<int> code = RunContainer(*spec, options);
      if (!code.ok()) return Failed(code.status());
      rapidjson::Document output_step;
      output_step.Parse(R"({"step": "output"})");
      absl::StatusOr<StepOutput> o = ContainerOutputStep(output_step, ctx);
      StepOutput result = o.ok() ? *o : Ok();
      result.exit.code = *code;
      return result;
    }
    absl::StatusOr<Container> c = Container::Create(*spec, options);
    if (!c.ok()) return Failed(c.status());
    containers_[id] = std::make_unique<Container>(std::move(*c));
    return Ok();
  }
  // The rest act on an existing container, loaded from the state root as a
  // fresh CLI process would when this process did not create it.
  Container* c = nullptr;
  std::unique_ptr<Container> loaded;
  if (auto it = containers_.find(id); it != containers_.end()) {
    c = it->second.get();
  } else {
    absl::StatusOr<Container> l = Container::Load(ctx.root, id);
    if (!l.ok()) return Failed(l.status());
    loaded = std::make_unique<Container>(std::move(*l));
    c = loaded.get();
  }
  if (verb == "start") {
    size_t before = c->warnings().size();
    absl::Status st = c->Start();
    StepOutput out = st.ok() ? Ok() : Failed(st);
    AddWarnings(*c, before, &out);
    return out;
  }
  if (verb == "state") {
    absl::StatusOr<state::State> s = c->State();
    if (!s.ok()) return Failed(s.status());
    StepOutput out = Ok();
    out.stdout_text = state::ToJson(*s, /*oci_only=*/true);
    return out;
  }
  if (verb == "kill") {
    absl::StatusOr<int> sig = ParseSignal(Member(step, "signal", "TERM"));
    if (!sig.ok()) return Failed(sig.status());
    absl::Status st = c->Signal(*sig);
    return st.ok() ? Ok() : Failed(st);
  }
  if (verb == "delete") {
    auto f = step.FindMember("force");
    size_t before = c->warnings().size();
    absl::Status st = c->Destroy(f != step.MemberEnd() && f->value.IsBool() && f->value.GetBool());
    StepOutput out = st.ok() ? Ok() : Failed(st);
    AddWarnings(*c, before, &out);
    if (st.ok()) containers_.erase(id);
    return out;
  }
  return absl::UnimplementedError(absl::StrCat("no library equivalent of \"", verb, "\""));
}

void LibraryAdapter::Cleanup(CaseContext& ctx) {
  for (auto& [id, c] : containers_) {
    absl::Status st = c->Destroy(/*force=*/true);
    (void)st;
  }
  containers_.clear();
  absl::StatusOr<Container> l = Container::Load(ctx.root, ctx.id);
  if (l.ok()) {
    absl::Status st = l->Destroy(/*force=*/true);
    (void)st;
  }
}

}  // namespace nsinit::conformance

#include "conformance/engine.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "conformance/file_util.h"
#include "conformance/host_facts.h"
#include "conformance/host_info.h"
#include "conformance/host_shell.h"
#include "conformance/status.h"
#include "conformance/subprocess.h"
#include "tools/testing/bundle.h"
#include "tools/testing/requirements.h"
#include "tools/testing/rootfs_builder.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::conformance {

namespace {

using testing::RootfsBuilder;
using testing::TempDir;

absl::Status CheckNeed(const std::string& need, Adapter& adapter) {
  if (need == "root") return testing::NeedRoot();
  if (need == "cgroup2") return testing::NeedCgroupV2Mount();
  if (need == "cgroup1") {
    if (testing::NeedCgroupV2Mount().ok()) {
      return absl::FailedPreconditionError("needs cgroup v1: /sys/fs/cgroup is cgroup v2");
    }
    return absl::OkStatus();
  }
  if (need == "userns") return testing::NeedUserNamespaces();
  if (need == "ia32-syscalls") {
    std::string abi = Abi32Syscalls();
    if (absl::StartsWith(abi, "usable")) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat("needs the 32-bit x86 syscall ABI: ", abi));
  }
  if (need == "cli") {
    if (adapter.is_cli()) return absl::OkStatus();
    return absl::FailedPreconditionError(
        absl::StrCat("needs a command line; adapter ", adapter.name(), " has none"));
  }
  if (need == "v1") {
    // libcontainer v1's usage (`exec CMD` in a directory with
    // container.json) is nsinit's own: a runtime offers it when its
    // `exec --help` names container.json.
    if (!adapter.is_cli()) {
      return absl::FailedPreconditionError(
          absl::StrCat("needs v1 mode (a command line); adapter ", adapter.name(), " has none"));
    }
    std::string probe = absl::StrCat("\"$0\" exec --help 2>&1 | grep -q container.json");
    absl::StatusOr<Exit> e = RunCommand({"/bin/sh", "-c", probe, adapter.description()}, -1, -1, -1,
                                        absl::Now() + absl::Seconds(10));
    if (e.ok() && e->code == 0) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "needs v1 mode (libcontainer container.json + `exec CMD`), which is nsinit-specific: ",
        adapter.description(), " exec --help does not mention container.json"));
  }
  if (need == "features") {
    absl::StatusOr<std::string> f = adapter.Features();
    if (f.ok()) return absl::OkStatus();
    return absl::FailedPreconditionError(
        absl::StrCat("needs a features document: ", f.status().message()));
  }
  if (need == "apparmor") {
    if (PathExists("/sys/kernel/security/apparmor")) return absl::OkStatus();
    return absl::FailedPreconditionError("needs AppArmor (no /sys/kernel/security/apparmor)");
  }
  if (need == "selinux") {
    if (PathExists("/sys/fs/selinux/enforce")) return absl::OkStatus();
    return absl::FailedPreconditionError("needs SELinux (no /sys/fs/selinux/enforce)");
  }
  if (need == "no-apparmor") {
    if (!PathExists("/sys/kernel/security/apparmor")) return absl::OkStatus();
    return absl::FailedPreconditionError("needs a host without AppArmor");
  }
  if (need == "no-selinux") {
    if (!PathExists("/sys/fs/selinux/enforce")) return absl::OkStatus();
    return absl::FailedPreconditionError("needs a host without SELinux");
  }
  if (absl::StartsWith(need, "path:")) {
    std::string p = need.substr(5);
    if (PathExists(p)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat("needs ", p, " on the host"));
  }
  if (absl::StartsWith(need, "controller:")) {
    // A cgroup controller the host offers: in a cgroup2 root (pure v2, or
    // the hybrid unified mount) or as a mounted, enabled v1 hierarchy.
    std::string name = need.substr(11);
    for (const char* root :
         {"/sys/fs/cgroup/cgroup.controllers", "/sys/fs/cgroup/unified/cgroup.controllers"}) {
      absl::StatusOr<std::string> c = ReadFileToString(root);
      if (!c.ok()) continue;
      for (absl::string_view n : absl::StrSplit(*c, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
        if (n == name) return absl::OkStatus();
      }
    }
    absl::StatusOr<std::string> v1 = ReadFileToString("/proc/cgroups");
    for (absl::string_view line : absl::StrSplit(v1.ok() ? *v1 : "", '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
      if (f.size() == 4 && f[0] == name && f[1] != "0" && f[3] == "1") return absl::OkStatus();
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "needs the cgroup controller ", name, " (neither in a cgroup2 root nor a mounted v1 one)"));
  }
  if (absl::StartsWith(need, "no-path:")) {
    std::string p = need.substr(8);
    if (!PathExists(p)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat("needs a host without ", p));
  }
  return absl::InvalidArgumentError(absl::StrCat("needs: unknown need \"", need, "\""));
}

// The case's requirement IDs a step or observation failure is charged to.
std::vector<std::string> Charged(const rapidjson::Value& v, const Case& c) {
  auto m = v.FindMember("req");
  if (m == v.MemberEnd()) return c.requirements;
  std::vector<std::string> out;
  if (m->value.IsString()) out.push_back(m->value.GetString());
  if (m->value.IsArray()) {
    for (const auto& e : m->value.GetArray()) {
      if (e.IsString()) out.push_back(e.GetString());
    }
  }
  return out;
}

std::string Tail(const std::string& s, size_t n = 400) {
  std::string t = s.size() > n ? "..." + s.substr(s.size() - n) : s;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t;
}

void Parse(rapidjson::Document& d, const std::string& text) {
  d.Parse(text.c_str());
  if (d.HasParseError()) d.SetNull();
}

// {exit, signal, timed_out, stdout, stderr, output, lines, json}
void BuildResultDoc(const StepOutput& out, rapidjson::Document* doc) {
  doc->SetObject();
  auto& a = doc->GetAllocator();
  doc->AddMember("exit", out.exit.code, a);
  doc->AddMember("signal", out.exit.signal, a);
  doc->AddMember("timed_out", out.exit.timed_out, a);
  doc->AddMember("stdout", rapidjson::Value(out.stdout_text.c_str(), a), a);
  doc->AddMember("stderr", rapidjson::Value(out.stderr_text.c_str(), a), a);
  doc->AddMember("output", rapidjson::Value(out.container_output.c_str(), a), a);
  rapidjson::Value lines(rapidjson::kArrayType);
  for (absl::string_view line : absl::StrSplit(out.container_output, '\n')) {
    if (line.empty() || line[0] != '{') continue;
    rapidjson::Document l(&a);
    l.Parse(line.data(), line.size());
    if (l.HasParseError()) continue;
    rapidjson::Value v;
    v.CopyFrom(l, a);
    lines.PushBack(v, a);
  }
  doc->AddMember("lines", lines, a);
  rapidjson::Document j;
  Parse(j, out.stdout_text);
  rapidjson::Value jv;
  jv.CopyFrom(j, a);
  doc->AddMember("json", jv, a);
}

struct ExitWant {
  enum { kCode, kNonzero, kAny } kind = kCode;
  int code = 0;
};

absl::StatusOr<ExitWant> ParseExitWant(const rapidjson::Value& step, const std::string& kind) {
  ExitWant want;
  if (kind == "wait" || kind == "output") want.kind = ExitWant::kAny;
  auto m = step.FindMember("exit");
  if (m == step.MemberEnd()) return want;
  if (m->value.IsInt()) {
    want.kind = ExitWant::kCode;
    want.code = m->value.GetInt();
  } else if (m->value.IsString() && std::string(m->value.GetString()) == "nonzero") {
    want.kind = ExitWant::kNonzero;
  } else if (m->value.IsString() && std::string(m->value.GetString()) == "any") {
    want.kind = ExitWant::kAny;
  } else {
    return absl::InvalidArgumentError("step.exit: expected a number, \"nonzero\" or \"any\"");
  }
  return want;
}

// Appends the arrays of `append` ({"linux.devices": [...]}) to the bundle's
// config.json, creating missing objects and arrays on the way.
absl::Status ApplyAppend(const std::string& append, const CaseContext& ctx) {
  absl::StatusOr<std::string> text = Substitute(append, ctx.vars);
  if (!text.ok()) return text.status();
  rapidjson::Document ap;
  ap.Parse(text->c_str());
  const std::string config_path = ctx.bundle + "/config.json";
  absl::StatusOr<std::string> config_text = ReadFileToString(config_path);
  if (!config_text.ok()) return config_text.status();
  rapidjson::Document config;
  config.Parse(config_text->c_str());
  if (config.HasParseError() || !config.IsObject()) {
    return absl::InternalError(config_path + ": not a JSON object");
  }
  auto& a = config.GetAllocator();
  for (auto m = ap.MemberBegin(); m != ap.MemberEnd(); ++m) {
    rapidjson::Value* cur = &config;
    std::vector<std::string> parts = absl::StrSplit(m->name.GetString(), '.');
    for (size_t i = 0; i < parts.size(); ++i) {
      bool last = i + 1 == parts.size();
      auto f = cur->FindMember(parts[i].c_str());
      if (f == cur->MemberEnd()) {
        cur->AddMember(rapidjson::Value(parts[i].c_str(), a),
                       rapidjson::Value(last ? rapidjson::kArrayType : rapidjson::kObjectType), a);
        f = cur->FindMember(parts[i].c_str());
      }
      cur = &f->value;
      if (!last && !cur->IsObject()) {
        return absl::InvalidArgumentError(
            absl::StrCat("append.", m->name.GetString(), ": ", parts[i], " is not an object"));
      }
    }
    if (!cur->IsArray()) {
      return absl::InvalidArgumentError(
          absl::StrCat("append.", m->name.GetString(), ": not an array in the config"));
    }
    for (const auto& e : m->value.GetArray()) {
      rapidjson::Value copy;
      copy.CopyFrom(e, a);
      cur->PushBack(copy, a);
    }
  }
  return WriteStringToFile(config_path, ToJson(config));
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kSkip:
      return "skip";
    case Verdict::kUnstable:
      return "unstable";
  }
  return "?";
}

CaseResult Engine::Run(const Case& c) {
  absl::Time started = absl::Now();
  CaseResult r;
  r.id = c.id;
  r.area = c.area;
  r.file = c.file;
  std::vector<std::string> failures;
  std::set<std::string> failed_reqs;
  auto finish = [&](Verdict v, const std::string& detail) {
    r.verdict = v;
    r.detail = detail;
    for (const std::string& id : c.requirements) {
      if (v == Verdict::kSkip) {
        r.requirements[id] = Verdict::kSkip;
      } else {
        r.requirements[id] = failed_reqs.count(id) ? Verdict::kFail : Verdict::kPass;
      }
    }
    r.millis = absl::ToDoubleMilliseconds(absl::Now() - started);
    return r;
  };
  auto harness_error = [&](const absl::Status& st) {
    for (const std::string& id : c.requirements) failed_reqs.insert(id);
    return finish(Verdict::kFail, absl::StrCat("case error: ", st.ToString()));
  };

  if (!c.skip.empty()) return finish(Verdict::kSkip, c.skip);
  for (const std::string& need : c.needs) {
    absl::Status st = CheckNeed(need, adapter_);
    if (absl::IsInvalidArgument(st)) return harness_error(st);
    if (!st.ok()) return finish(Verdict::kSkip, std::string(st.message()));
  }
  if (const rapidjson::Value* fc = c.feature_checks()) {
    absl::StatusOr<std::string> features = adapter_.Features();
    if (!features.ok()) {
      return finish(Verdict::kSkip,
                    absl::StrCat("runtime ", adapter_.name(), " has no features document"));
    }
    rapidjson::Document fdoc;
    Parse(fdoc, *features);
    for (const auto& obs : fc->GetArray()) {
      absl::StatusOr<CheckOutcome> o = Evaluate(obs, fdoc, {});
      if (!o.ok()) return harness_error(o.status());
      if (!o->passed) {
        return finish(Verdict::kSkip, absl::StrCat("runtime features: ", o->message));
      }
    }
  }

  // Scratch directory, bundle, variables.
  absl::StatusOr<TempDir> tmp_or = TempDir::Create("conform-" + c.id.substr(0, 40));
  if (!tmp_or.ok()) return harness_error(tmp_or.status());
  TempDir tmp = std::move(*tmp_or);
  CaseContext ctx;
  static int serial = 0;
  ctx.id = absl::StrCat("conf-", getpid(), "-", ++serial);
  ctx.tmp = tmp.path();
  ctx.root = tmp.Sub("state");
  ctx.bundle = tmp.Sub("bundle");
  ctx.container_out = tmp.Sub("container.out");
  ctx.vars = HostVariables();
  ctx.vars["id"] = ctx.id;
  ctx.vars["tmp"] = ctx.tmp;
  ctx.vars["root"] = ctx.root;
  ctx.vars["bundle"] = ctx.bundle;
  ctx.vars["rootfs"] = ctx.bundle + "/rootfs";
  ctx.vars["probe_host"] = options_.probe;
  ctx.vars["self_pid"] = absl::StrCat(getpid());
  ctx.vars["runtime"] = adapter_.is_cli() ? adapter_.description() : "";
  if (absl::Status st = MakeDirs(ctx.root); !st.ok()) return harness_error(st);
  // A container root mapped to another uid (user namespaces) must be able
  // to reach its rootfs below the scratch directory.
  chmod(ctx.tmp.c_str(), 0755);

  absl::StatusOr<std::string> patch = Substitute(c.patch, ctx.vars);
  if (!patch.ok()) return harness_error(patch.status());
  RootfsBuilder rootfs;
  rootfs.AddBinary(options_.probe, "/probe");
  for (const RootfsEntry& e : c.rootfs) {
    switch (e.kind) {
      case RootfsEntry::kFile:
        rootfs.AddFile(e.path, e.payload, e.mode);
        break;
      case RootfsEntry::kDir:
        rootfs.AddDir(e.path, e.mode);
        break;
      case RootfsEntry::kSymlink:
        rootfs.AddSymlink(e.path, e.payload);
        break;
      case RootfsEntry::kProbe:
        rootfs.AddBinary(options_.probe, e.path);
        break;
    }
  }
  if (absl::Status st = testing::WriteBundle(ctx.bundle, rootfs, *patch); !st.ok()) {
    return harness_error(st);
  }
  if (!c.append.empty()) {
    if (absl::Status st = ApplyAppend(c.append, ctx); !st.ok()) return harness_error(st);
  }
  for (const RootfsEntry& e : c.bundle) {
    std::string path = ctx.bundle + "/" + e.path;
    absl::Status st;
    if (e.kind == RootfsEntry::kDir) {
      st = MakeDirs(path);
    } else if (e.kind == RootfsEntry::kFile) {
      st = MakeDirs(path.substr(0, path.rfind('/')));
      if (st.ok()) st = WriteStringToFile(path, e.payload);
      if (st.ok() && chmod(path.c_str(), e.mode) != 0) st = absl::InternalError("chmod " + path);
    } else if (e.kind == RootfsEntry::kSymlink) {
      if (symlink(e.payload.c_str(), path.c_str()) != 0)
        st = absl::InternalError("symlink " + path);
    }
    if (!st.ok()) return harness_error(st);
  }

  // Steps.
  bool skipped = false;
  std::string skip_reason;
  int index = 0;
  for (const auto& raw : c.steps().GetArray()) {
    ++index;
    const std::string kind = raw["step"].GetString();
    const std::string where = absl::StrCat("step ", index, " (", kind, ")");
    rapidjson::Document step;
    step.SetObject();
    for (auto m = raw.MemberBegin(); m != raw.MemberEnd(); ++m) {
      if (std::string(m->name.GetString()) == "expect") continue;
      rapidjson::Value v;
      absl::Status st = SubstituteJson(m->value, ctx.vars, &v, step.GetAllocator());
      if (!st.ok()) return harness_error(Annotate(st, where));
      step.AddMember(rapidjson::Value(m->name, step.GetAllocator()), v, step.GetAllocator());
    }
    absl::StatusOr<ExitWant> want = ParseExitWant(step, kind);
    if (!want.ok()) return harness_error(Annotate(want.status(), where));
    ctx.deadline = absl::Now() + absl::Milliseconds(c.timeout_ms);

    rapidjson::Document doc;  // result, or host facts
    StepOutput out;
    if (kind == "host") {
      absl::StatusOr<std::string> host = HostFacts(step, ctx);
      if (!host.ok()) return harness_error(Annotate(host.status(), where));
      Parse(doc, *host);
      // Remembered so a later step can look at the cgroup after delete.
      if (doc.IsObject() && doc["cgroup_dir"].IsString() &&
          doc["cgroup_dir"].GetStringLength() > 0) {
        ctx.vars["cgroup_dir"] = doc["cgroup_dir"].GetString();
      }
      if (doc.IsObject() && doc.HasMember("cgroup_v1") && doc["cgroup_v1"].IsObject()) {
        for (auto m = doc["cgroup_v1"].MemberBegin(); m != doc["cgroup_v1"].MemberEnd(); ++m) {
          ctx.vars[absl::StrCat("cgroup_v1.", m->name.GetString())] = m->value.GetString();
        }
      }
    } else if (kind == "sh") {
      absl::StatusOr<StepOutput> so = RunHostShell(step, ctx);
      if (!so.ok()) return harness_error(Annotate(so.status(), where));
      out = std::move(*so);
      BuildResultDoc(out, &doc);
    } else if (kind == "rewrite-config") {
      std::string p = step.HasMember("patch") ? ToJson(step["patch"]) : "{}";
      absl::StatusOr<std::string> config = testing::MakeOciConfigJson(p);
      if (!config.ok()) return harness_error(Annotate(config.status(), where));
      if (absl::Status st = WriteStringToFile(ctx.bundle + "/config.json", *config); !st.ok()) {
        return harness_error(st);
      }
      continue;
    } else {
      if (kind == "wait" && ctx.vars.find("pid") == ctx.vars.end()) {
        // Learn the init's pid from `state` first.
        rapidjson::Document state_step;
        state_step.Parse(R"({"step":"state"})");
        absl::StatusOr<StepOutput> so = adapter_.RunStep(state_step, ctx);
        if (so.ok()) {
          rapidjson::Document sd;
          Parse(sd, so->stdout_text);
          if (sd.IsObject() && sd.HasMember("pid") && sd["pid"].IsInt() && sd["pid"].GetInt() > 0) {
            ctx.vars["pid"] = absl::StrCat(sd["pid"].GetInt());
          }
        }
      }
      absl::StatusOr<StepOutput> so = adapter_.RunStep(step, ctx);
      if (absl::IsUnimplemented(so.status())) {
        skipped = true;
        skip_reason = absl::StrCat("adapter ", adapter_.name(), " cannot run ", where, ": ",
                                   so.status().message());
        break;
      }
      if (!so.ok()) return harness_error(Annotate(so.status(), where));
      out = std::move(*so);
      BuildResultDoc(out, &doc);
      if (kind == "create" && out.exit.code == 0 && !out.exit.timed_out) {
        // Learn the init's pid for ${pid}, "wait" and "host" steps.
        rapidjson::Document state_step;
        state_step.Parse(R"({"step":"state"})");
        if (step.HasMember("id")) {
          state_step.AddMember("id", rapidjson::Value(step["id"], state_step.GetAllocator()),
                               state_step.GetAllocator());
        }
        absl::StatusOr<StepOutput> so2 = adapter_.RunStep(state_step, ctx);
        if (so2.ok()) {
          rapidjson::Document sd;
          Parse(sd, so2->stdout_text);
          if (sd.IsObject() && sd.HasMember("pid") && sd["pid"].IsInt() && sd["pid"].GetInt() > 0) {
            ctx.vars["pid"] = absl::StrCat(sd["pid"].GetInt());
          }
        }
      }
      if (kind == "state" && doc["json"].IsObject() && doc["json"].HasMember("pid") &&
          doc["json"]["pid"].IsInt() && doc["json"]["pid"].GetInt() > 0) {
        ctx.vars["pid"] = absl::StrCat(doc["json"]["pid"].GetInt());
      }
      if (kind == "state" && doc["json"].IsObject() && doc["json"].HasMember("ociVersion") &&
          doc["json"]["ociVersion"].IsString()) {
        ctx.vars["state_oci_version"] = doc["json"]["ociVersion"].GetString();
      }
    }

    // Exit status.
    if (kind != "host") {
      bool ok = true;
      std::string wanted;
      if (out.exit.timed_out) {
        ok = false;
        wanted = "completion before the deadline";
      } else if (want->kind == ExitWant::kCode) {
        ok = out.exit.code == want->code;
        wanted = absl::StrCat("exit ", want->code);
      } else if (want->kind == ExitWant::kNonzero) {
        ok = out.exit.code != 0;
        wanted = "a non-zero exit";
      }
      if (!ok && !out.exit.timed_out && want->kind == ExitWant::kCode && want->code == 0 &&
          out.exit.code != 0 && raw.HasMember("skip_if_refused") &&
          raw["skip_if_refused"].IsBool() && raw["skip_if_refused"].GetBool()) {
        // Optional behaviour (a MAY) the runtime does not offer: it
        // refused the config, which the requirement allows.
        skipped = true;
        skip_reason = absl::StrCat(
            "optional behaviour not offered by ", adapter_.name(), ": ", where, " refused (exit ",
            out.exit.code, ")", out.stderr_text.empty() ? "" : ": " + Tail(out.stderr_text, 200));
        break;
      }
      if (!ok) {
        failures.push_back(absl::StrCat(
            where, ": expected ", wanted, ", got ",
            out.exit.timed_out ? std::string("a timeout") : absl::StrCat("exit ", out.exit.code),
            out.stderr_text.empty() ? "" : "; stderr: " + Tail(out.stderr_text)));
        // Later steps build on this one, so what they would have judged
        // cannot pass either: every requirement of the case fails.
        for (const std::string& id : c.requirements) failed_reqs.insert(id);
        break;
      }
    }

    // Observations.
    auto expect = raw.FindMember("expect");
    if (expect == raw.MemberEnd()) continue;
    if (!expect->value.IsArray())
      return harness_error(absl::InvalidArgumentError(where + ": expect: not an array"));
    std::string default_from =
        kind == "host"                                                            ? "host"
        : (kind == "run" || kind == "exec" || kind == "wait" || kind == "output") ? "inside"
        : (kind == "state" || kind == "cli")                                      ? "json"
                                                                                  : "result";
    int k = 0;
    for (const auto& obs : expect->value.GetArray()) {
      ++k;
      if (!obs.IsObject())
        return harness_error(absl::InvalidArgumentError(where + ": expect[]: not an object"));
      std::string from = default_from;
      if (auto f = obs.FindMember("from"); f != obs.MemberEnd() && f->value.IsString()) {
        from = f->value.GetString();
      }
      const rapidjson::Value* target = &doc;
      rapidjson::Document host_doc;
      if (from == "inside") {
        int probe = 0;
        if (auto p = obs.FindMember("probe"); p != obs.MemberEnd() && p->value.IsInt()) {
          probe = p->value.GetInt();
        }
        if (kind == "host" || !doc.IsObject() || !doc["lines"].IsArray() ||
            probe >= static_cast<int>(doc["lines"].Size())) {
          failures.push_back(
              absl::StrCat(where, " expect[", k - 1, "]: the container printed no probe line ",
                           probe, "; output: ", Tail(out.container_output),
                           out.stderr_text.empty() ? "" : "; stderr: " + Tail(out.stderr_text)));
          for (const std::string& id : Charged(obs, c)) failed_reqs.insert(id);
          continue;
        }
        target = &doc["lines"][static_cast<rapidjson::SizeType>(probe)];
      } else if (from == "json") {
        if (kind == "host")
          return harness_error(absl::InvalidArgumentError(where + ": from json on a host step"));
        target = &doc["json"];
      } else if (from == "result") {
        target = &doc;
      } else if (from == "host") {
        if (kind != "host") {
          rapidjson::Document empty;
          empty.SetObject();
          absl::StatusOr<std::string> host = HostFacts(empty, ctx);
          if (!host.ok()) return harness_error(host.status());
          Parse(host_doc, *host);
          target = &host_doc;
        }
      } else {
        return harness_error(
            absl::InvalidArgumentError(absl::StrCat(where, ": unknown from \"", from, "\"")));
      }
      if (auto opt = obs.FindMember("skip_unless_present");
          opt != obs.MemberEnd() && opt->value.IsBool() && opt->value.GetBool()) {
        // Optional behaviour (a MAY): judged only where the runtime offers
        // it, which this path being there shows; otherwise the case skips.
        rapidjson::Document present;
        present.SetObject();
        auto& pa = present.GetAllocator();
        present.AddMember("path", rapidjson::Value(obs["path"], pa), pa);
        present.AddMember("exists", true, pa);
        absl::StatusOr<CheckOutcome> p = Evaluate(present, *target, ctx.vars);
        if (!p.ok())
          return harness_error(Annotate(p.status(), absl::StrCat(where, " expect[", k - 1, "]")));
        if (!p->passed) {
          skipped = true;
          skip_reason =
              absl::StrCat("optional behaviour not offered by ", adapter_.name(), ": ", p->message);
          break;
        }
      }
      absl::StatusOr<CheckOutcome> o = Evaluate(obs, *target, ctx.vars);
      if (!o.ok())
        return harness_error(Annotate(o.status(), absl::StrCat(where, " expect[", k - 1, "]")));
      if (!o->passed) {
        std::string why;
        if (auto w = obs.FindMember("why"); w != obs.MemberEnd() && w->value.IsString()) {
          why = absl::StrCat(" (", w->value.GetString(), ")");
        }
        failures.push_back(absl::StrCat(where, ": ", o->message, why));
        for (const std::string& id : Charged(obs, c)) failed_reqs.insert(id);
      }
    }
    if (skipped) break;
  }

  StopBackgroundShells(ctx);
  adapter_.Cleanup(ctx);
  // A leftover mount is unmounted here; HYG-005 cases judge it earlier.
  absl::Status removed = tmp.Remove();
  if (!removed.ok())
    fprintf(stderr, "conform: %s: cleanup: %s\n", c.id.c_str(), removed.ToString().c_str());
  if (skipped && failures.empty()) return finish(Verdict::kSkip, skip_reason);
  if (!failures.empty()) return finish(Verdict::kFail, absl::StrJoin(failures, "; "));
  return finish(Verdict::kPass, "");
}

}  // namespace nsinit::conformance

#include "conformance/case_file.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "conformance/file_util.h"
#include "conformance/selector.h"
#include "conformance/status.h"
#include "rapidjson/error/en.h"

namespace nsinit::conformance {

namespace {

absl::Status Bad(absl::string_view file, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": ", what));
}

absl::StatusOr<std::vector<std::string>> StringArray(const rapidjson::Value& v,
                                                     absl::string_view file,
                                                     absl::string_view member) {
  if (!v.IsArray()) return Bad(file, absl::StrCat(member, ": not an array"));
  std::vector<std::string> out;
  for (const auto& e : v.GetArray()) {
    if (!e.IsString()) return Bad(file, absl::StrCat(member, ": element is not a string"));
    out.push_back(e.GetString());
  }
  return out;
}

absl::Status ParseEntries(const rapidjson::Value& v, absl::string_view file,
                          absl::string_view member, std::vector<RootfsEntry>* out) {
  if (!v.IsObject()) return Bad(file, absl::StrCat(member, ": not an object"));
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::string kind = m->name.GetString();
    std::string where = absl::StrCat(member, ".", kind);
    if (kind == "files" || kind == "executables" || kind == "symlinks") {
      if (!m->value.IsObject()) return Bad(file, where + ": not an object");
      for (auto f = m->value.MemberBegin(); f != m->value.MemberEnd(); ++f) {
        if (!f->value.IsString()) return Bad(file, where + ": value is not a string");
        RootfsEntry e;
        e.kind = kind == "symlinks" ? RootfsEntry::kSymlink : RootfsEntry::kFile;
        e.mode = kind == "executables" ? 0755 : 0644;
        e.path = f->name.GetString();
        e.payload = f->value.GetString();
        out->push_back(std::move(e));
      }
    } else if (kind == "dirs" || kind == "probes") {
      ASSIGN_OR_RETURN(std::vector<std::string> paths, StringArray(m->value, file, where));
      for (std::string& p : paths) {
        RootfsEntry e;
        e.kind = kind == "dirs" ? RootfsEntry::kDir : RootfsEntry::kProbe;
        e.mode = kind == "dirs" ? 0755 : 0755;
        e.path = std::move(p);
        out->push_back(std::move(e));
      }
    } else {
      return Bad(file, absl::StrCat(member, ": unknown member \"", kind,
                                    "\" (files, executables, dirs, symlinks, probes)"));
    }
  }
  return absl::OkStatus();
}

bool SafeForShell(absl::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (!absl::ascii_isalnum(c) && c != '/' && c != '.' && c != '-' && c != '_' && c != '=' &&
        c != ':' && c != ',') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string ShellJoin(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& w : words) {
    if (SafeForShell(w)) {
      quoted.push_back(w);
      continue;
    }
    std::string q = "'";
    for (char c : w) {
      if (c == '\'') {
        q += "'\\''";
      } else {
        q += c;
      }
    }
    quoted.push_back(q + "'");
  }
  return absl::StrJoin(quoted, " ");
}

const rapidjson::Value* Case::feature_checks() const {
  auto m = doc->FindMember("feature_checks");
  return m == doc->MemberEnd() ? nullptr : &m->value;
}

absl::StatusOr<Case> ParseCase(absl::string_view json, absl::string_view area,
                               absl::string_view file) {
  Case c;
  c.area = absl::AsciiStrToUpper(area);
  c.file = std::string(file);
  c.doc = std::make_shared<rapidjson::Document>();
  rapidjson::Document& d = *c.doc;
  d.Parse(json.data(), json.size());
  if (d.HasParseError()) {
    return Bad(file, absl::StrCat("JSON error at offset ", d.GetErrorOffset(), ": ",
                                  rapidjson::GetParseError_En(d.GetParseError())));
  }
  if (!d.IsObject()) return Bad(file, "not a JSON object");
  static const std::set<std::string> kMembers = {
      "id",   "requirements", "patch", "rootfs",         "bundle", "run",        "probes", "needs",
      "skip", "expect",       "steps", "feature_checks", "why",    "timeout_ms", "append"};
  for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m) {
    if (kMembers.count(m->name.GetString()) == 0) {
      return Bad(file, absl::StrCat("unknown member \"", m->name.GetString(), "\""));
    }
  }
  auto id = d.FindMember("id");
  if (id == d.MemberEnd() || !id->value.IsString() || id->value.GetStringLength() == 0) {
    return Bad(file, "id: missing or not a non-empty string");
  }
  c.id = id->value.GetString();
  auto reqs = d.FindMember("requirements");
  if (reqs == d.MemberEnd()) return Bad(file, "requirements: missing");
  ASSIGN_OR_RETURN(c.requirements, StringArray(reqs->value, file, "requirements"));
  if (c.requirements.empty()) return Bad(file, "requirements: empty");
  if (auto s = d.FindMember("skip"); s != d.MemberEnd()) {
    if (!s->value.IsString()) return Bad(file, "skip: not a string");
    c.skip = s->value.GetString();
  }
  if (auto n = d.FindMember("needs"); n != d.MemberEnd()) {
    ASSIGN_OR_RETURN(c.needs, StringArray(n->value, file, "needs"));
  }
  if (auto t = d.FindMember("timeout_ms"); t != d.MemberEnd()) {
    if (!t->value.IsInt() || t->value.GetInt() <= 0) return Bad(file, "timeout_ms: not > 0");
    c.timeout_ms = t->value.GetInt();
  }
  if (auto r = d.FindMember("rootfs"); r != d.MemberEnd()) {
    RETURN_IF_ERROR(ParseEntries(r->value, file, "rootfs", &c.rootfs));
  }
  if (auto b = d.FindMember("bundle"); b != d.MemberEnd()) {
    RETURN_IF_ERROR(ParseEntries(b->value, file, "bundle", &c.bundle));
  }
  if (auto ap = d.FindMember("append"); ap != d.MemberEnd()) {
    if (!ap->value.IsObject()) return Bad(file, "append: not an object");
    for (auto m = ap->value.MemberBegin(); m != ap->value.MemberEnd(); ++m) {
      if (!m->value.IsArray()) {
        return Bad(file, absl::StrCat("append.", m->name.GetString(), ": not an array"));
      }
    }
    c.append = ToJson(ap->value);
  }
  if (auto fc = d.FindMember("feature_checks"); fc != d.MemberEnd() && !fc->value.IsArray()) {
    return Bad(file, "feature_checks: not an array");
  }

  // The process: "run" gives args, "probes" a shell line of probe verbs.
  rapidjson::Document patch;
  patch.SetObject();
  auto& alloc = patch.GetAllocator();
  if (auto p = d.FindMember("patch"); p != d.MemberEnd()) {
    if (!p->value.IsObject()) return Bad(file, "patch: not an object");
    patch.CopyFrom(p->value, alloc);
  }
  std::vector<std::string> args;
  auto run = d.FindMember("run");
  auto probes = d.FindMember("probes");
  if (run != d.MemberEnd() && probes != d.MemberEnd()) {
    return Bad(file, "run and probes: give one of them");
  }
  if (run != d.MemberEnd()) {
    ASSIGN_OR_RETURN(args, StringArray(run->value, file, "run"));
    if (args.empty()) return Bad(file, "run: empty");
  } else if (probes != d.MemberEnd()) {
    if (!probes->value.IsArray() || probes->value.Empty()) {
      return Bad(file, "probes: not a non-empty array");
    }
    std::vector<std::string> lines;
    if (probes->value.Size() == 1) {
      // One verb needs no shell (whose own signal handling would show).
      ASSIGN_OR_RETURN(args, StringArray(probes->value[0], file, "probes[]"));
      args.insert(args.begin(), "/probe");
    }
    for (const auto& p : probes->value.GetArray()) {
      if (probes->value.Size() == 1) break;
      ASSIGN_OR_RETURN(std::vector<std::string> verb, StringArray(p, file, "probes[]"));
      verb.insert(verb.begin(), "/probe");
      lines.push_back(ShellJoin(verb));
    }
    if (args.empty()) args = {"/bin/sh", "-c", absl::StrJoin(lines, "; ")};
  }
  bool process_removed = false;
  bool has_args = false;
  if (auto pr = patch.FindMember("process"); pr != patch.MemberEnd()) {
    process_removed = pr->value.IsNull();
    has_args = pr->value.IsObject() && pr->value.HasMember("args");
  }
  if (args.empty() && !has_args && !process_removed) args = {"/probe", "facts"};
  if (!args.empty()) {
    if (process_removed) return Bad(file, "run/probes given but patch removes process");
    if (!patch.HasMember("process")) {
      patch.AddMember("process", rapidjson::Value(rapidjson::kObjectType), alloc);
    }
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const std::string& a : args) arr.PushBack(rapidjson::Value(a.c_str(), alloc), alloc);
    rapidjson::Value& proc = patch["process"];
    if (proc.HasMember("args")) {
      proc["args"] = arr;
    } else {
      proc.AddMember("args", arr, alloc);
    }
  }
  c.patch = ToJson(patch);

  auto steps = d.FindMember("steps");
  auto expect = d.FindMember("expect");
  if (steps != d.MemberEnd()) {
    if (expect != d.MemberEnd()) return Bad(file, "steps and expect: put expect into a step");
    if (!steps->value.IsArray() || steps->value.Empty()) return Bad(file, "steps: empty");
    for (const auto& s : steps->value.GetArray()) {
      if (!s.IsObject() || !s.HasMember("step") || !s["step"].IsString()) {
        return Bad(file, "steps[]: each step is an object with a \"step\" string");
      }
    }
  } else {
    if (expect == d.MemberEnd() && c.skip.empty()) {
      return Bad(file, "expect: missing (a case without steps judges the run step)");
    }
    rapidjson::Value step(rapidjson::kObjectType);
    step.AddMember("step", "run", d.GetAllocator());
    if (expect != d.MemberEnd()) {
      if (!expect->value.IsArray()) return Bad(file, "expect: not an array");
      rapidjson::Value e;
      e.CopyFrom(expect->value, d.GetAllocator());
      step.AddMember("expect", e, d.GetAllocator());
    }
    rapidjson::Value arr(rapidjson::kArrayType);
    arr.PushBack(step, d.GetAllocator());
    d.AddMember("steps", arr, d.GetAllocator());
  }
  return c;
}

absl::StatusOr<std::vector<Case>> LoadCases(const std::string& dir) {
  std::vector<Case> cases;
  std::set<std::string> ids;
  ASSIGN_OR_RETURN(std::vector<std::string> areas, ListDir(dir));
  for (const std::string& area : areas) {
    std::string area_dir = dir + "/" + area;
    if (!IsDirectory(area_dir)) continue;
    ASSIGN_OR_RETURN(std::vector<std::string> files, ListDir(area_dir));
    for (const std::string& f : files) {
      if (!absl::EndsWith(f, ".json")) continue;
      std::string path = area_dir + "/" + f;
      ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
      // A file holds one case object or an array of them.
      std::vector<std::string> texts;
      size_t first = text.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && text[first] == '[') {
        rapidjson::Document arr;
        arr.Parse(text.c_str());
        if (arr.HasParseError() || !arr.IsArray()) {
          return Bad(path, absl::StrCat("JSON error at offset ", arr.GetErrorOffset(), ": ",
                                        rapidjson::GetParseError_En(arr.GetParseError())));
        }
        for (const auto& e : arr.GetArray()) texts.push_back(ToJson(e));
      } else {
        texts.push_back(std::move(text));
      }
      for (const std::string& t : texts) {
        ASSIGN_OR_RETURN(Case c, ParseCase(t, area, path));
        if (!ids.insert(c.id).second) {
          return absl::InvalidArgumentError(absl::StrCat(path, ": duplicate case id ", c.id));
        }
        cases.push_back(std::move(c));
      }
    }
  }
  return cases;
}

}  // namespace nsinit::conformance

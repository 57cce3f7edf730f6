#include "conformance/host_facts.h"

#include <limits.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "conformance/file_util.h"
#include "conformance/subprocess.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/testing/mount_table.h"

namespace nsinit::conformance {

namespace {

std::string ReadLink(const std::string& path) {
  char buf[PATH_MAX];
  ssize_t n = readlink(path.c_str(), buf, sizeof(buf) - 1);
  if (n < 0) return "";
  return std::string(buf, static_cast<size_t>(n));
}

void NsOf(const std::string& proc_dir, rapidjson::Value* out,
          rapidjson::Document::AllocatorType& a) {
  out->SetObject();
  absl::StatusOr<std::vector<std::string>> names = ListDir(proc_dir + "/ns");
  if (!names.ok()) return;
  for (const std::string& n : *names) {
    std::string link = ReadLink(proc_dir + "/ns/" + n);
    out->AddMember(rapidjson::Value(n.c_str(), a), rapidjson::Value(link.c_str(), a), a);
  }
}

rapidjson::Value Text(const absl::StatusOr<std::string>& s, rapidjson::Document::AllocatorType& a) {
  if (!s.ok()) return rapidjson::Value();
  return rapidjson::Value(s->c_str(), a);
}

std::string Trim(const std::string& s) {
  return std::string(absl::StripTrailingAsciiWhitespace(s));
}

}  // namespace

Variables HostVariables() {
  Variables vars;
  absl::StatusOr<std::vector<std::string>> names = ListDir("/proc/self/ns");
  if (names.ok()) {
    for (const std::string& n : *names) vars["host_ns." + n] = ReadLink("/proc/self/ns/" + n);
  }
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  vars["host_hostname"] = host;
  absl::StatusOr<std::string> oom = ReadFileToString("/proc/self/oom_score_adj");
  vars["host_oom_score_adj"] = oom.ok() ? Trim(*oom) : "";
  return vars;
}

absl::StatusOr<std::string> HostFacts(const rapidjson::Value& step, const CaseContext& ctx) {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  d.AddMember("state_dir_exists", PathExists(ctx.root + "/" + ctx.id), a);
  long pid = 0;
  auto pv = ctx.vars.find("pid");
  if (pv != ctx.vars.end()) absl::SimpleAtoi(pv->second, &pid);
  bool alive = ProcessAlive(static_cast<pid_t>(pid));
  std::string proc = absl::StrCat("/proc/", pid);
  if (pid > 0) {
    d.AddMember("pid", static_cast<int>(pid), a);
  } else {
    d.AddMember("pid", rapidjson::Value(), a);
  }
  d.AddMember("pid_alive", alive, a);
  rapidjson::Value ns, status, cgroup(rapidjson::kArrayType), cgroup_files(rapidjson::kObjectType);
  std::string cgroup_dir;
  if (alive) {
    NsOf(proc, &ns, a);
    absl::StatusOr<std::string> st = ReadFileToString(proc + "/status");
    status.SetObject();
    if (st.ok()) {
      for (absl::string_view line : absl::StrSplit(*st, '\n')) {
        size_t colon = line.find(':');
        if (colon == absl::string_view::npos) continue;
        std::string key(line.substr(0, colon));
        std::string value(absl::StripAsciiWhitespace(line.substr(colon + 1)));
        status.AddMember(rapidjson::Value(key.c_str(), a), rapidjson::Value(value.c_str(), a), a);
      }
    }
    absl::StatusOr<std::string> cg = ReadFileToString(proc + "/cgroup");
    if (cg.ok()) {
      for (absl::string_view line : absl::StrSplit(*cg, '\n', absl::SkipEmpty())) {
        cgroup.PushBack(rapidjson::Value(std::string(line).c_str(), a), a);
        if (absl::StartsWith(line, "0::")) {
          cgroup_dir = absl::StrCat("/sys/fs/cgroup", line.substr(3));
        }
      }
    }
  }
  d.AddMember("ns", ns, a);
  d.AddMember("status", status, a);
  d.AddMember("uid_map", alive ? Text(ReadFileToString(proc + "/uid_map"), a) : rapidjson::Value(), a);
  d.AddMember("gid_map", alive ? Text(ReadFileToString(proc + "/gid_map"), a) : rapidjson::Value(), a);
  d.AddMember("setgroups", alive ? Text(ReadFileToString(proc + "/setgroups"), a) : rapidjson::Value(), a);
  d.AddMember("oom_score_adj", alive ? Text(ReadFileToString(proc + "/oom_score_adj"), a) : rapidjson::Value(), a);
  d.AddMember("cgroup", cgroup, a);
  d.AddMember("cgroup_dir", rapidjson::Value(cgroup_dir.c_str(), a), a);
  d.AddMember("cgroup_dir_exists", !cgroup_dir.empty() && IsDirectory(cgroup_dir), a);
  if (auto m = step.FindMember("cgroup_files"); m != step.MemberEnd() && m->value.IsArray()) {
    for (const auto& f : m->value.GetArray()) {
      if (!f.IsString()) continue;
      absl::StatusOr<std::string> text =
          cgroup_dir.empty() ? absl::NotFoundError("no cgroup")
                             : ReadFileToString(cgroup_dir + "/" + f.GetString());
      rapidjson::Value v = text.ok() ? rapidjson::Value(Trim(*text).c_str(), a) : rapidjson::Value();
      cgroup_files.AddMember(rapidjson::Value(f.GetString(), a), v, a);
    }
  }
  d.AddMember("cgroup_files", cgroup_files, a);
  rapidjson::Value files(rapidjson::kObjectType);
  if (auto m = step.FindMember("read"); m != step.MemberEnd() && m->value.IsArray()) {
    for (const auto& f : m->value.GetArray()) {
      if (!f.IsString()) continue;
      files.AddMember(rapidjson::Value(f.GetString(), a), Text(ReadFileToString(f.GetString()), a), a);
    }
  }
  d.AddMember("files", files, a);
  rapidjson::Value mounts(rapidjson::kArrayType);
  absl::StatusOr<std::vector<std::string>> points = testing::ReadMountPoints();
  if (points.ok()) {
    for (const std::string& p : *points) {
      if (absl::StartsWith(p, ctx.tmp + "/")) mounts.PushBack(rapidjson::Value(p.c_str(), a), a);
    }
  }
  d.AddMember("mounts_under_tmp", mounts, a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace nsinit::conformance

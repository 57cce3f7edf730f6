#include "conformance/host_facts.h"

#include <limits.h>
#include <unistd.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "conformance/file_util.h"
#include "conformance/probe/mountinfo.h"
#include "conformance/subprocess.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

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

// One cgroup filesystem mount of this process's mount namespace.
struct CgroupMount {
  std::string point;  // where it is mounted
  std::string root;   // the directory of the hierarchy it shows ("/" normally)
};

// cgroup mounts from /proc/self/mountinfo: the v1 hierarchies by controller
// (and "name=systemd"), the first cgroup2 mount in `*v2`.
std::map<std::string, CgroupMount> CgroupMounts(CgroupMount* v2) {
  std::map<std::string, CgroupMount> v1;
  absl::StatusOr<std::string> info = ReadFileToString("/proc/self/mountinfo");
  if (!info.ok()) return v1;
  for (absl::string_view line : absl::StrSplit(*info, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    size_t dash = 0;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (dash < 5 || dash + 3 >= f.size()) continue;
    CgroupMount m{std::string(f[4]), std::string(f[3])};
    if (f[dash + 1] == "cgroup2") {
      if (v2->point.empty()) *v2 = m;
    } else if (f[dash + 1] == "cgroup") {
      for (absl::string_view opt : absl::StrSplit(f[dash + 3], ',')) {
        if (opt == "rw" || opt == "ro" || absl::StartsWith(opt, "release_agent=")) continue;
        v1.emplace(std::string(opt), m);
      }
    }
  }
  return v1;
}

// The host directory of a cgroup `path` (as /proc/PID/cgroup names it) in
// the hierarchy mounted as `m`.
std::string CgroupPath(const CgroupMount& m, absl::string_view path) {
  if (m.root != "/" && absl::StartsWith(path, m.root)) path.remove_prefix(m.root.size());
  std::string dir = m.point;
  if (!path.empty() && path != "/") absl::StrAppend(&dir, path);
  return dir;
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
  if (pv == ctx.vars.end() || !absl::SimpleAtoi(pv->second, &pid)) pid = 0;
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
  std::map<std::string, std::string> v1_dirs;  // controller -> host directory
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
      CgroupMount v2;
      std::map<std::string, CgroupMount> mounts = CgroupMounts(&v2);
      for (absl::string_view line : absl::StrSplit(*cg, '\n', absl::SkipEmpty())) {
        cgroup.PushBack(rapidjson::Value(std::string(line).c_str(), a), a);
        std::vector<absl::string_view> f =
            absl::StrSplit(line, absl::MaxSplits(':', 2));  // N:ctrls:path
        if (f.size() != 3) continue;
        if (f[0] == "0" && f[1].empty()) {
          cgroup_dir = CgroupPath(v2.point.empty() ? CgroupMount{"/sys/fs/cgroup", "/"} : v2, f[2]);
          continue;
        }
        for (absl::string_view ctrl : absl::StrSplit(f[1], ',', absl::SkipEmpty())) {
          auto m = mounts.find(std::string(ctrl));
          if (m != mounts.end()) v1_dirs[std::string(ctrl)] = CgroupPath(m->second, f[2]);
        }
      }
    }
  }
  d.AddMember("ns", ns, a);
  d.AddMember("status", status, a);
  d.AddMember("uid_map", alive ? Text(ReadFileToString(proc + "/uid_map"), a) : rapidjson::Value(),
              a);
  d.AddMember("gid_map", alive ? Text(ReadFileToString(proc + "/gid_map"), a) : rapidjson::Value(),
              a);
  d.AddMember("setgroups",
              alive ? Text(ReadFileToString(proc + "/setgroups"), a) : rapidjson::Value(), a);
  d.AddMember("oom_score_adj",
              alive ? Text(ReadFileToString(proc + "/oom_score_adj"), a) : rapidjson::Value(), a);
  d.AddMember("cgroup", cgroup, a);
  d.AddMember("cgroup_dir", rapidjson::Value(cgroup_dir.c_str(), a), a);
  d.AddMember("cgroup_dir_exists", !cgroup_dir.empty() && IsDirectory(cgroup_dir), a);
  rapidjson::Value v1(rapidjson::kObjectType), v1_exists(rapidjson::kObjectType);
  for (const auto& [ctrl, dir] : v1_dirs) {
    v1.AddMember(rapidjson::Value(ctrl.c_str(), a), rapidjson::Value(dir.c_str(), a), a);
    v1_exists.AddMember(rapidjson::Value(ctrl.c_str(), a), rapidjson::Value(IsDirectory(dir)), a);
  }
  d.AddMember("cgroup_v1", v1, a);
  d.AddMember("cgroup_v1_exists", v1_exists, a);
  // A name "ctrl/file" is read in that v1 hierarchy; a name whose prefix
  // before the first '.' is a v1 controller the process is in
  // ("memory.limit_in_bytes", "cpu.shares") in that controller's
  // directory; anything else in the v2 directory. On a pure v2 host
  // every name therefore reads the v2 file.
  auto dir_for = [&](absl::string_view name, std::string* file) -> std::string {
    size_t slash = name.find('/');
    if (slash != absl::string_view::npos) {
      *file = std::string(name.substr(slash + 1));
      auto it = v1_dirs.find(std::string(name.substr(0, slash)));
      return it == v1_dirs.end() ? "" : it->second;
    }
    *file = std::string(name);
    auto it = v1_dirs.find(std::string(name.substr(0, name.find('.'))));
    return it != v1_dirs.end() ? it->second : cgroup_dir;
  };
  if (auto m = step.FindMember("cgroup_files"); m != step.MemberEnd() && m->value.IsArray()) {
    for (const auto& f : m->value.GetArray()) {
      if (!f.IsString()) continue;
      std::string file;
      std::string dir = dir_for(f.GetString(), &file);
      absl::StatusOr<std::string> text =
          dir.empty() ? absl::NotFoundError("no cgroup") : ReadFileToString(dir + "/" + file);
      rapidjson::Value v =
          text.ok() ? rapidjson::Value(Trim(*text).c_str(), a) : rapidjson::Value();
      cgroup_files.AddMember(rapidjson::Value(f.GetString(), a), v, a);
    }
  }
  d.AddMember("cgroup_files", cgroup_files, a);
  rapidjson::Value files(rapidjson::kObjectType);
  if (auto m = step.FindMember("read"); m != step.MemberEnd() && m->value.IsArray()) {
    for (const auto& f : m->value.GetArray()) {
      if (!f.IsString()) continue;
      files.AddMember(rapidjson::Value(f.GetString(), a), Text(ReadFileToString(f.GetString()), a),
                      a);
    }
  }
  d.AddMember("files", files, a);
  rapidjson::Value mounts(rapidjson::kArrayType);
  // The suite's own mountinfo reading (probe/mountinfo.h), not the runtime's.
  absl::StatusOr<std::string> mountinfo = ReadFileToString("/proc/self/mountinfo");
  if (mountinfo.ok()) {
    for (const probe::MountInfo& m : probe::ParseMountInfo(*mountinfo)) {
      const std::string& p = m.mount_point;
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

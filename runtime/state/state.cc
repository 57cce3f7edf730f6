#include "runtime/state/state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/base/crash_point.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"

namespace nsinit::state {
namespace {

// state.json and the config snapshot: far above any real config (tens of
// KiB, the largest seccomp profiles a few hundred), so a damaged or planted
// file cannot make every verb allocate without bound.
constexpr size_t kMaxStateFileBytes = 64 << 20;

// One line of at most 52 numbers and a comm of at most 64 bytes (proc(5)).
constexpr size_t kMaxProcStatBytes = 4096;

}  // namespace

absl::Status ValidateId(const std::string& id) {
  // runc's rule: letters, digits and _ + - . only, never "." or "..": the id
  // names a directory and appears in cgroup paths and unit names.
  bool valid = !id.empty() && id != "." && id != ".." && id.size() <= 1024;
  for (char c : id) {
    valid = valid && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' ||
                      c == '-' || c == '.');
  }
  if (!valid) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid container id \"", absl::CEscape(id),
        "\": only letters, digits, '_', '+', '-' and '.' are allowed, and not \".\" or \"..\""));
  }
  return absl::OkStatus();
}

const char* StatusName(Status status) {
  switch (status) {
    case Status::kCreating:
      return "creating";
    case Status::kCreated:
      return "created";
    case Status::kRunning:
      return "running";
    case Status::kPaused:
      return "paused";
    case Status::kStopped:
      return "stopped";
  }
  return "stopped";
}

absl::StatusOr<Status> ParseStatus(const std::string& name) {
  for (Status s :
       {Status::kCreating, Status::kCreated, Status::kRunning, Status::kPaused, Status::kStopped}) {
    if (name == StatusName(s)) return s;
  }
  return absl::InvalidArgumentError(absl::StrCat("status: \"", name, "\" is no container status"));
}

std::string ToJson(const State& s, bool oci_only) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("ociVersion");
  w.String(s.oci_version);
  w.Key("id");
  w.String(s.id);
  w.Key("status");
  w.String(StatusName(s.status));
  w.Key("pid");
  w.Int(s.status == Status::kStopped ? 0 : s.pid);
  w.Key("bundle");
  w.String(s.bundle);
  if (!s.annotations.empty()) {
    w.Key("annotations");
    w.StartObject();
    for (const auto& [k, v] : s.annotations) {
      w.Key(k);
      w.String(v);
    }
    w.EndObject();
  }
  if (!oci_only) {
    w.Key("nsinit");
    w.StartObject();
    w.Key("initPid");
    w.Int(s.pid);
    w.Key("initStartTime");
    w.Uint64(s.init_start_time);
    if (s.init_pid_ns != 0) {
      w.Key("initPidNs");
      w.Uint64(s.init_pid_ns);
    }
    w.Key("rootfs");
    w.String(s.rootfs);
    w.Key("cgroupsPath");
    w.String(s.cgroups_path);
    if (!s.cgroup_hierarchies.empty()) {
      w.Key("cgroupHierarchies");
      w.StartArray();
      for (const CgroupHierarchy& h : s.cgroup_hierarchies) {
        w.StartObject();
        w.Key("mountPoint");
        w.String(h.mount_point);
        w.Key("controllers");
        w.StartArray();
        for (const std::string& c : h.controllers) w.String(c);
        w.EndArray();
        w.Key("v2");
        w.Bool(h.v2);
        w.Key("named");
        w.Bool(h.named);
        w.EndObject();
      }
      w.EndArray();
    }
    w.Key("created");
    w.String(s.created);
    w.EndObject();
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

absl::StatusOr<State> FromJson(const std::string& json) {
  rapidjson::Document d;
  // Iterative: the recursive parser overflows the stack on deep nesting.
  d.Parse<rapidjson::kParseIterativeFlag>(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject())
    return absl::DataLossError("state.json: not a JSON object");
  State s;
  auto str = [&](const rapidjson::Value& obj, const char* key, std::string* out) {
    if (obj.HasMember(key) && obj[key].IsString()) *out = obj[key].GetString();
  };
  str(d, "ociVersion", &s.oci_version);
  str(d, "id", &s.id);
  if (!d.HasMember("status") || !d["status"].IsString()) {
    return absl::InvalidArgumentError("status: missing or not a string");
  }
  ASSIGN_OR_RETURN(s.status, ParseStatus(d["status"].GetString()));
  str(d, "bundle", &s.bundle);
  if (d.HasMember("annotations") && d["annotations"].IsObject()) {
    for (const auto& m : d["annotations"].GetObject()) {
      if (m.value.IsString()) s.annotations[m.name.GetString()] = m.value.GetString();
    }
  }
  if (d.HasMember("nsinit") && d["nsinit"].IsObject()) {
    const rapidjson::Value& n = d["nsinit"];
    if (n.HasMember("initPid") && n["initPid"].IsInt()) s.pid = n["initPid"].GetInt();
    if (n.HasMember("initStartTime") && n["initStartTime"].IsUint64()) {
      s.init_start_time = n["initStartTime"].GetUint64();
    }
    if (n.HasMember("initPidNs") && n["initPidNs"].IsUint64()) {
      s.init_pid_ns = n["initPidNs"].GetUint64();
    }
    str(n, "rootfs", &s.rootfs);
    str(n, "cgroupsPath", &s.cgroups_path);
    if (n.HasMember("cgroupHierarchies") && n["cgroupHierarchies"].IsArray()) {
      for (const rapidjson::Value& v : n["cgroupHierarchies"].GetArray()) {
        // A malformed entry drops the whole list: the host is asked again.
        if (!v.IsObject() || !v.HasMember("mountPoint") || !v["mountPoint"].IsString()) {
          s.cgroup_hierarchies.clear();
          break;
        }
        CgroupHierarchy h;
        h.mount_point = v["mountPoint"].GetString();
        if (v.HasMember("controllers") && v["controllers"].IsArray()) {
          for (const rapidjson::Value& c : v["controllers"].GetArray()) {
            if (c.IsString()) h.controllers.push_back(c.GetString());
          }
        }
        h.v2 = v.HasMember("v2") && v["v2"].IsBool() && v["v2"].GetBool();
        h.named = v.HasMember("named") && v["named"].IsBool() && v["named"].GetBool();
        s.cgroup_hierarchies.push_back(std::move(h));
      }
    }
    str(n, "created", &s.created);
  }
  return s;
}

uint64_t PidNamespaceInode(pid_t pid) {
  struct stat st;
  std::string path = absl::StrCat("/proc/", pid, "/ns/pid");
  return stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
}

ProcessStat ReadProcessStat(pid_t pid) {
  ProcessStat out;
  absl::StatusOr<std::string> text =
      nsinit::ReadFile(absl::StrCat("/proc/", pid, "/stat"), kMaxProcStatBytes);
  if (!text.ok()) return out;
  absl::string_view line = absl::StripTrailingAsciiWhitespace(*text);
  // comm may contain spaces and parentheses: fields start after the last ')'.
  size_t close = line.rfind(')');
  if (close == absl::string_view::npos || close + 2 >= line.size()) return out;
  std::vector<absl::string_view> fields = absl::StrSplit(line.substr(close + 2), ' ');
  // Field 3 overall is index 0 after "pid (comm)", field 22 index 19.
  if (fields.size() <= 19 || !absl::SimpleAtoi(fields[19], &out.start_time)) return ProcessStat();
  out.state = fields[0].empty() ? 0 : fields[0][0];
  return out;
}

absl::Status Store::CreateDir(const std::string& id) const {
  RETURN_IF_ERROR(ValidateId(id));
  if (mkdir(root_.c_str(), 0700) != 0 && errno != EEXIST) {
    return LastErrnoStatus(absl::StrCat("mkdir ", root_));
  }
  std::string dir = Dir(id);
  if (mkdir(dir.c_str(), 0711) != 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(absl::StrCat("container \"", id, "\" already exists"));
    }
    return LastErrnoStatus(absl::StrCat("mkdir ", dir));
  }
  return absl::OkStatus();
}

absl::StatusOr<UniqueFd> Store::CreateDirLocked(const std::string& id) const {
  RETURN_IF_ERROR(CreateDir(id));
  absl::StatusOr<UniqueFd> lock = Lock(id);
  // Lost to a `delete --force` in the instant between mkdir and flock: the
  // directory is gone, and this create with it.
  if (!lock.ok() && lock.status().code() == absl::StatusCode::kNotFound) {
    return absl::AbortedError(
        absl::StrCat("container \"", id, "\" was deleted while being created"));
  }
  return lock;
}

absl::StatusOr<UniqueFd> Store::Lock(const std::string& id, bool exclusive) const {
  RETURN_IF_ERROR(ValidateId(id));
  std::string dir = Dir(id);
  UniqueFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat("container \"", id, "\" does not exist"));
    }
    return LastErrnoStatus(absl::StrCat("open ", dir));
  }
  while (flock(fd.get(), exclusive ? LOCK_EX : LOCK_SH) != 0) {
    if (errno != EINTR) return LastErrnoStatus(absl::StrCat("flock ", dir));
  }
  // Whoever held the lock before may have deleted the container.
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return LastErrnoStatus(absl::StrCat("fstat ", dir));
  if (st.st_nlink == 0) {
    return absl::NotFoundError(absl::StrCat("container \"", id, "\" does not exist"));
  }
  return fd;
}

absl::Status Store::Save(const State& state) const {
  // Atomic: a reader sees the old state or the new, never half.
  return WriteFileAtomic(Dir(state.id) + "/state.json", ToJson(state, false), 0600);
}

absl::StatusOr<State> Store::Load(const std::string& id) const {
  RETURN_IF_ERROR(ValidateId(id));
  std::string path = Dir(id) + "/state.json";
  // O_NOFOLLOW: the runtime only ever renames a regular file there.
  absl::StatusOr<std::string> json = nsinit::ReadFile(path, kMaxStateFileBytes, O_NOFOLLOW);
  if (!json.ok() && json.status().code() == absl::StatusCode::kNotFound) {
    if (access(Dir(id).c_str(), F_OK) != 0) {
      return absl::NotFoundError(absl::StrCat("container \"", id, "\" does not exist"));
    }
    State creating;
    creating.id = id;
    creating.status = Status::kCreating;
    creating.has_state_file = false;
    return creating;
  }
  if (!json.ok()) return json.status();
  absl::StatusOr<State> s = FromJson(*json);
  if (!s.ok()) return Annotate(s.status(), path);
  return s;
}

absl::Status Store::WriteFile(const std::string& id, const std::string& name,
                              const std::string& content) const {
  // No fsync (Durability::kRenameOnly): the containers described die with
  // the host, and start latency pays for every sync (file_io.h).
  return WriteFileAtomic(absl::StrCat(Dir(id), "/", name), content, 0600);
}

absl::StatusOr<std::string> Store::ReadFile(const std::string& id, const std::string& name) const {
  std::string path = absl::StrCat(Dir(id), "/", name);
  absl::StatusOr<std::string> out = nsinit::ReadFile(path, kMaxStateFileBytes, O_NOFOLLOW);
  if (!out.ok() && out.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat(path, ": does not exist"));
  }
  return out;
}

absl::Status Store::Remove(const std::string& id) const {
  RETURN_IF_ERROR(ValidateId(id));
  std::string dir = Dir(id);
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return errno == ENOENT ? absl::OkStatus() : LastErrnoStatus("opendir " + dir);
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    unlinkat(dirfd(d), name.c_str(), 0);
    CrashPoint("delete.file_removed");
  }
  closedir(d);
  if (rmdir(dir.c_str()) != 0 && errno != ENOENT) return LastErrnoStatus("rmdir " + dir);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Store::List() const {
  std::vector<std::string> ids;
  DIR* d = opendir(root_.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return ids;
    return LastErrnoStatus("opendir " + root_);
  }
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != ".." && e->d_type == DT_DIR) ids.push_back(name);
  }
  closedir(d);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace nsinit::state

#include "runtime/cgroups/manager.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::cgroups {
namespace {

bool Has(const Hierarchy& h, absl::string_view controller) {
  return std::find(h.controllers.begin(), h.controllers.end(), controller) != h.controllers.end();
}

absl::Status WriteFile(const std::string& path, const std::string& value) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", path));
  if (write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size())) {
    return LastErrnoStatus(absl::StrCat("write \"", value, "\" to ", path));
  }
  return absl::OkStatus();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// mkdir -p below `root`; a new v1 cpuset dir starts empty and refuses
// tasks, so it inherits its parent's cpus and mems.
absl::Status MakeDirs(const Hierarchy& h, const std::string& rel) {
  std::string cur = h.mount_point;
  for (absl::string_view part : absl::StrSplit(rel, '/', absl::SkipEmpty())) {
    std::string parent = cur;
    absl::StrAppend(&cur, "/", part);
    if (mkdir(cur.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      return LastErrnoStatus(absl::StrCat("mkdir ", cur));
    }
    if (!h.v2 && Has(h, "cpuset")) {
      for (const char* f : {"cpuset.cpus", "cpuset.mems"}) {
        std::string value(absl::StripTrailingAsciiWhitespace(ReadFile(parent + "/" + f)));
        if (!value.empty()) RETURN_IF_ERROR(WriteFile(cur + "/" + f, value));
      }
    }
  }
  return absl::OkStatus();
}

// The v1 files for the resources; v2 equivalents beside them.
absl::Status ApplyV1(const Hierarchy& h, const std::string& dir, const config::Resources& r) {
  if (Has(h, "memory") && r.memory) {
    if (r.memory->limit) {
      RETURN_IF_ERROR(WriteFile(dir + "/memory.limit_in_bytes", std::to_string(*r.memory->limit)));
    }
    if (r.memory->reservation) {
      RETURN_IF_ERROR(WriteFile(dir + "/memory.soft_limit_in_bytes",
                                std::to_string(*r.memory->reservation)));
    }
    if (r.memory->swap) {
      RETURN_IF_ERROR(WriteFile(dir + "/memory.memsw.limit_in_bytes", std::to_string(*r.memory->swap)));
    }
    if (r.memory->swappiness) {
      RETURN_IF_ERROR(WriteFile(dir + "/memory.swappiness", std::to_string(*r.memory->swappiness)));
    }
    if (r.memory->disable_oom_killer.value_or(false)) {
      RETURN_IF_ERROR(WriteFile(dir + "/memory.oom_control", "1"));
    }
  }
  if (Has(h, "pids") && r.pids && r.pids->limit) {
    RETURN_IF_ERROR(WriteFile(dir + "/pids.max", *r.pids->limit <= 0 ? "max" : std::to_string(*r.pids->limit)));
  }
  if (Has(h, "cpu") && r.cpu) {
    if (r.cpu->shares) RETURN_IF_ERROR(WriteFile(dir + "/cpu.shares", std::to_string(*r.cpu->shares)));
    if (r.cpu->period) {
      RETURN_IF_ERROR(WriteFile(dir + "/cpu.cfs_period_us", std::to_string(*r.cpu->period)));
    }
    if (r.cpu->quota) RETURN_IF_ERROR(WriteFile(dir + "/cpu.cfs_quota_us", std::to_string(*r.cpu->quota)));
  }
  if (Has(h, "cpuset") && r.cpu) {
    if (!r.cpu->cpus.empty()) RETURN_IF_ERROR(WriteFile(dir + "/cpuset.cpus", r.cpu->cpus));
    if (!r.cpu->mems.empty()) RETURN_IF_ERROR(WriteFile(dir + "/cpuset.mems", r.cpu->mems));
  }
  return absl::OkStatus();
}

absl::Status ApplyV2(const std::string& dir, const config::Resources& r) {
  if (r.memory && r.memory->limit) {
    RETURN_IF_ERROR(WriteFile(dir + "/memory.max",
                              *r.memory->limit < 0 ? "max" : std::to_string(*r.memory->limit)));
  }
  if (r.pids && r.pids->limit) {
    RETURN_IF_ERROR(WriteFile(dir + "/pids.max", *r.pids->limit <= 0 ? "max" : std::to_string(*r.pids->limit)));
  }
  if (r.cpu && (r.cpu->quota || r.cpu->period)) {
    std::string quota = r.cpu->quota && *r.cpu->quota > 0 ? std::to_string(*r.cpu->quota) : "max";
    RETURN_IF_ERROR(WriteFile(dir + "/cpu.max",
                              absl::StrCat(quota, " ", r.cpu->period.value_or(100000))));
  }
  for (const auto& [key, value] : r.unified) {
    if (key.find('/') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("linux.resources.unified: bad key \"", key, "\""));
    }
    RETURN_IF_ERROR(WriteFile(dir + "/" + key, value));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<Hierarchy> DetectHierarchies() {
  std::vector<Hierarchy> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // ... mount_point ... - fstype source super_options
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    auto dash = std::find(f.begin(), f.end(), "-");
    if (dash == f.end() || dash + 3 >= f.end() + 1 || f.size() < 5) continue;
    const std::string& fstype = *(dash + 1);
    if (fstype == "cgroup2") {
      out.push_back({f[4], {}, true});
    } else if (fstype == "cgroup") {
      Hierarchy h{f[4], {}, false};
      for (absl::string_view opt : absl::StrSplit(*(dash + 3), ',')) {
        if (opt == "rw" || opt == "ro" || absl::StartsWith(opt, "name=") ||
            absl::StartsWith(opt, "release_agent")) {
          if (opt == "name=systemd") h.controllers.push_back("name=systemd");
          continue;
        }
        h.controllers.emplace_back(opt);
      }
      out.push_back(std::move(h));
    }
  }
  // Keep the named systemd hierarchy out: it is systemd's to manage.
  out.erase(std::remove_if(out.begin(), out.end(), [](const Hierarchy& h) {
              return !h.v2 && (h.controllers.empty() || h.controllers[0] == "name=systemd");
            }),
            out.end());
  return out;
}

Manager Manager::For(const std::string& cgroups_path, const std::string& id) {
  std::string path = cgroups_path.empty() ? "/nsinit/" + id : cgroups_path;
  if (path[0] != '/') path = "/" + path;
  return Manager(path, DetectHierarchies());
}

std::vector<std::string> Manager::Directories() const {
  std::vector<std::string> dirs;
  for (const Hierarchy& h : hierarchies_) dirs.push_back(h.mount_point + path_);
  return dirs;
}

absl::Status Manager::Create(const config::Resources* resources) {
  bool pure_v2 = hierarchies_.size() == 1 && hierarchies_[0].v2;
  for (const Hierarchy& h : hierarchies_) {
    if (pure_v2) {
      // Delegate the controllers the parent has to the container's subtree.
      std::string cur = h.mount_point;
      std::string controllers = ReadFile(cur + "/cgroup.controllers");
      for (absl::string_view part : absl::StrSplit(path_, '/', absl::SkipEmpty())) {
        std::string enable;
        for (absl::string_view c : absl::StrSplit(controllers, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
          absl::StrAppend(&enable, enable.empty() ? "" : " ", "+", c);
        }
        if (!enable.empty()) (void)WriteFile(cur + "/cgroup.subtree_control", enable);
        absl::StrAppend(&cur, "/", part);
        if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) {
          return LastErrnoStatus(absl::StrCat("mkdir ", cur));
        }
        controllers = ReadFile(cur + "/cgroup.controllers");
      }
      if (resources != nullptr) RETURN_IF_ERROR(ApplyV2(cur, *resources));
      continue;
    }
    RETURN_IF_ERROR(MakeDirs(h, path_));
    if (resources != nullptr && !h.v2) RETURN_IF_ERROR(ApplyV1(h, h.mount_point + path_, *resources));
  }
  return absl::OkStatus();
}

absl::Status Manager::AddProcess(pid_t pid) const {
  for (const std::string& dir : Directories()) {
    RETURN_IF_ERROR(WriteFile(dir + "/cgroup.procs", std::to_string(pid)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pid_t>> Manager::Pids() const {
  std::vector<pid_t> pids;
  for (const std::string& dir : Directories()) {
    std::string procs = ReadFile(dir + "/cgroup.procs");
    for (absl::string_view s : absl::StrSplit(procs, '\n', absl::SkipEmpty())) {
      int pid;
      if (absl::SimpleAtoi(s, &pid)) pids.push_back(pid);
    }
    if (!procs.empty()) break;  // every hierarchy holds the same processes
  }
  return pids;
}

absl::Status Manager::Freeze(bool frozen) const {
  for (const Hierarchy& h : hierarchies_) {
    std::string dir = h.mount_point + path_;
    if (h.v2 && access((dir + "/cgroup.freeze").c_str(), F_OK) == 0 &&
        (hierarchies_.size() == 1)) {
      return WriteFile(dir + "/cgroup.freeze", frozen ? "1" : "0");
    }
    if (!h.v2 && Has(h, "freezer")) {
      return WriteFile(dir + "/freezer.state", frozen ? "FROZEN" : "THAWED");
    }
  }
  return absl::FailedPreconditionError("no freezer: neither a v1 freezer nor cgroup.freeze");
}

absl::StatusOr<bool> Manager::Frozen() const {
  for (const Hierarchy& h : hierarchies_) {
    std::string dir = h.mount_point + path_;
    if (h.v2 && hierarchies_.size() == 1) {
      return absl::StrContains(ReadFile(dir + "/cgroup.events"), "frozen 1");
    }
    if (!h.v2 && Has(h, "freezer")) {
      return absl::StartsWith(ReadFile(dir + "/freezer.state"), "FROZEN");
    }
  }
  return false;
}

absl::Status Manager::Destroy() const {
  ASSIGN_OR_RETURN(std::vector<pid_t> pids, Pids());
  // Thaw first: a frozen process cannot die.
  if (!pids.empty()) (void)Freeze(false);
  std::vector<UniqueFd> pidfds;
  for (pid_t pid : pids) {
    UniqueFd fd(sys::PidfdOpen(pid, 0));
    if (!fd) continue;  // already gone
    sys::PidfdSendSignal(fd.get(), SIGKILL, 0);
    pidfds.push_back(std::move(fd));
  }
  // A pidfd polls readable once its process has exited.
  for (const UniqueFd& fd : pidfds) {
    struct pollfd p = {fd.get(), POLLIN, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
  }
  absl::Status status;
  for (const std::string& dir : Directories()) {
    if (rmdir(dir.c_str()) != 0 && errno != ENOENT) {
      status.Update(LastErrnoStatus(absl::StrCat("rmdir ", dir)));
    }
  }
  return status;
}

}  // namespace nsinit::cgroups

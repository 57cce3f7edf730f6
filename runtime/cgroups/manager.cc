#include "runtime/cgroups/manager.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/devices_bpf.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/frozen_kill.h"
#include "runtime/cgroups/rt_budget.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::cgroups {
namespace {

bool Contains(const std::vector<std::string>& v, absl::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const Hierarchy* FindV2(const std::vector<Hierarchy>& hierarchies) {
  for (const Hierarchy& h : hierarchies) {
    if (h.v2) return &h;
  }
  return nullptr;
}

bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Sub-cgroups first, then `dir` itself. Missing is fine. A container's
// cgroup seldom has sub-cgroups: one rmdir first, the listing only when
// it is refused.
absl::Status RemoveTree(const std::string& dir) {
  if (rmdir(dir.c_str()) == 0) return absl::OkStatus();
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return absl::OkStatus();
    return LastErrnoStatus(absl::StrCat("opendir ", dir));
  }
  std::vector<std::string> children;
  while (dirent* e = readdir(d)) {
    if (e->d_type == DT_DIR && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      children.push_back(JoinPath(dir, e->d_name));
    }
  }
  closedir(d);
  for (const std::string& c : children) RETURN_IF_ERROR(RemoveTree(c));
  // A task that was just killed leaves cgroup.procs before the kernel
  // unlinks it from the cgroup: rmdir says EBUSY for that moment. Retried
  // with backoff (about 130 ms in all) while cgroup.procs stays empty; a
  // live task, or anything else that holds the cgroup, fails at once.
  for (int delay_us = 1000;; delay_us *= 2) {
    if (rmdir(dir.c_str()) == 0 || errno == ENOENT) return absl::OkStatus();
    int err = errno;
    absl::StatusOr<std::string> procs = ReadCgroupFile(dir, "cgroup.procs");
    if (err != EBUSY || delay_us > 64000 || !procs.ok() || !procs->empty()) {
      return ErrnoStatus(err, absl::StrCat("rmdir ", dir));
    }
    usleep(delay_us);
  }
}

// cgroup.procs of `dir` and every sub-cgroup.
void CollectPids(const std::string& dir, std::vector<pid_t>* pids) {
  absl::StatusOr<std::string> procs = ReadCgroupFile(dir, "cgroup.procs");
  if (!procs.ok()) return;
  for (absl::string_view s : absl::StrSplit(*procs, '\n', absl::SkipEmpty())) {
    int pid;
    if (absl::SimpleAtoi(s, &pid) && std::find(pids->begin(), pids->end(), pid) == pids->end()) {
      pids->push_back(pid);
    }
  }
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> children;
  while (dirent* e = readdir(d)) {
    if (e->d_type == DT_DIR && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      children.push_back(JoinPath(dir, e->d_name));
    }
  }
  closedir(d);
  for (const std::string& c : children) CollectPids(c, pids);
}

// The controllers a resources section needs.
std::vector<std::string> ControllersOf(const config::Resources& r) {
  std::vector<std::string> out;
  auto add = [&](const char* c) {
    if (!Contains(out, c)) out.push_back(c);
  };
  if (r.memory) add("memory");
  if (r.cpu && (r.cpu->shares || r.cpu->quota || r.cpu->period || r.cpu->burst || r.cpu->idle ||
                r.cpu->realtime_period || r.cpu->realtime_runtime)) {
    add("cpu");
  }
  if (r.cpu && (!r.cpu->cpus.empty() || !r.cpu->mems.empty())) add("cpuset");
  if (r.pids) add("pids");
  if (r.block_io) add("io");
  if (!r.hugepage_limits.empty()) add("hugetlb");
  for (const auto& [key, value] : r.unified) {
    std::string c = key.substr(0, key.find('.'));
    if (c != "cgroup") add(c.c_str());
  }
  return out;
}

}  // namespace

SplitResources SplitForHybrid(const config::Resources& r, const V1Cgroup& v1,
                              const std::vector<std::string>& v2_controllers) {
  auto to_v2 = [&](absl::string_view v1_name, absl::string_view v2_name) {
    return !v1.Has(v1_name) && Contains(v2_controllers, v2_name);
  };
  SplitResources s;
  (to_v2("memory", "memory") ? s.v2 : s.v1).memory = r.memory;
  if (r.cpu) {
    config::CpuResources cpu = *r.cpu;
    cpu.cpus.clear();
    cpu.mems.clear();
    config::CpuResources cpuset;
    cpuset.cpus = r.cpu->cpus;
    cpuset.mems = r.cpu->mems;
    if (!(cpu == config::CpuResources{})) (to_v2("cpu", "cpu") ? s.v2 : s.v1).cpu = cpu;
    if (!(cpuset == config::CpuResources{})) {
      config::Resources& side = to_v2("cpuset", "cpuset") ? s.v2 : s.v1;
      if (side.cpu) {
        side.cpu->cpus = cpuset.cpus;
        side.cpu->mems = cpuset.mems;
      } else {
        side.cpu = cpuset;
      }
    }
  }
  (to_v2("pids", "pids") ? s.v2 : s.v1).pids = r.pids;
  (to_v2("blkio", "io") ? s.v2 : s.v1).block_io = r.block_io;
  (to_v2("hugetlb", "hugetlb") ? s.v2 : s.v1).hugepage_limits = r.hugepage_limits;
  s.v1.network = r.network;
  s.v2.unified = r.unified;
  s.v1.rdma = r.rdma;
  // Devices: the v1 controller when mounted, else an eBPF program on v2.
  (v1.Has("devices") ? s.v1 : s.v2).devices = r.devices;
  return s;
}

std::string Manager::NormalizePath(const std::string& cgroups_path, const std::string& id) {
  if (cgroups_path.empty()) return absl::StrCat(kDefaultParent, "/", id);
  std::vector<absl::string_view> parts = absl::StrSplit(cgroups_path, '/', absl::SkipEmpty());
  return absl::StrCat("/", absl::StrJoin(parts, "/"));
}

Manager Manager::For(const std::string& cgroups_path, const std::string& id) {
  return Manager(NormalizePath(cgroups_path, id), DetectHierarchies());
}

Manager::Manager(std::string path, std::vector<Hierarchy> hierarchies)
    : path_(std::move(path)),
      hierarchies_(hierarchies),
      mode_(ModeOf(hierarchies)),
      v1_(hierarchies, path_) {
  if (const Hierarchy* h = FindV2(hierarchies)) v2_.emplace(h->mount_point, path_);
}

absl::Status Manager::CheckPath() const {
  if (mode_ == CgroupMode::kNone) {
    return absl::FailedPreconditionError("no cgroup hierarchy is mounted on this host");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(path_, '/', absl::SkipEmpty());
  if (parts.empty()) {
    return absl::InvalidArgumentError("linux.cgroupsPath: must not be the root cgroup");
  }
  for (absl::string_view p : parts) {
    if (p == "." || p == "..") {
      return absl::InvalidArgumentError(
          absl::StrCat("linux.cgroupsPath: \"", path_, "\" has a \"", p, "\" component"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> Manager::Directories() const {
  std::vector<std::string> dirs = v1_.Directories();
  if (v2_) dirs.push_back(v2_->dir());
  return dirs;
}

absl::Status Manager::CheckUnused() const {
  RETURN_IF_ERROR(CheckPath());
  for (const std::string& dir : Directories()) {
    if (!IsDir(dir)) continue;
    std::vector<pid_t> pids;
    CollectPids(dir, &pids);
    if (!pids.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "linux.cgroupsPath: ", dir, " already holds processes (", absl::StrJoin(pids, " "), ")"));
    }
  }
  if (IsDir(MembershipDir())) {
    absl::StatusOr<bool> frozen = Frozen();
    if (frozen.ok() && *frozen) {
      return absl::FailedPreconditionError(
          absl::StrCat("linux.cgroupsPath: ", MembershipDir(), " is frozen"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Manager::V2ControllersFor(
    const config::Resources& r) const {
  std::vector<std::string> v2_controllers;
  if (!v2_) return v2_controllers;
  if (mode_ == CgroupMode::kUnified) {
    // Delegate everything the root offers, as runc does: a later update
    // may need any of them.
    return v2_->RootControllers();
  }
  ASSIGN_OR_RETURN(std::vector<std::string> offered, v2_->RootControllers());
  for (const std::string& c : ControllersOf(SplitForHybrid(r, v1_, offered).v2)) {
    if (Contains(offered, c)) v2_controllers.push_back(c);
  }
  return v2_controllers;
}

absl::Status Manager::MakeDirectories(bool v1, const std::vector<std::string>& v2_controllers) {
  // A concurrent Destroy may remove an empty shared parent (/nsinit) between
  // our mkdirs: start over when a level vanishes.
  absl::Status made;
  for (int attempt = 0; attempt < 3; ++attempt) {
    made = v1 ? v1_.Create(&created_) : absl::OkStatus();
    if (made.ok() && v2_ && !v2_made_) made = v2_->Create(v2_controllers, &created_, &warnings_);
    if (!absl::IsNotFound(made)) break;
  }
  return made;
}

absl::Status Manager::Create(const config::Resources* resources) {
  RETURN_IF_ERROR(CheckPath());
  config::Resources none;
  const config::Resources& r = resources != nullptr ? *resources : none;
  ASSIGN_OR_RETURN(std::vector<std::string> v2_controllers, V2ControllersFor(r));
  RETURN_IF_ERROR(MakeDirectories(/*v1=*/true, v2_controllers));
  return Apply(r, /*update=*/false);
}

absl::Status Manager::CreateCloneIntoDir(const config::Resources* resources) {
  if (mode_ != CgroupMode::kHybrid) return Create(resources);
  RETURN_IF_ERROR(CheckPath());
  config::Resources none;
  ASSIGN_OR_RETURN(std::vector<std::string> v2_controllers,
                   V2ControllersFor(resources != nullptr ? *resources : none));
  RETURN_IF_ERROR(MakeDirectories(/*v1=*/false, v2_controllers));
  v2_made_ = true;
  return absl::OkStatus();
}

absl::Status Manager::Update(const config::Resources& resources) {
  RETURN_IF_ERROR(CheckPath());
  for (const std::string& dir : Directories()) {
    if (!IsDir(dir)) {
      return absl::NotFoundError(absl::StrCat("update: ", dir, " does not exist"));
    }
  }
  return Apply(resources, /*update=*/true);
}

absl::Status Manager::Apply(const config::Resources& r, bool update) {
  switch (mode_) {
    case CgroupMode::kUnified:
      RETURN_IF_ERROR(v2_->Apply(r, update, &warnings_));
      if (!r.devices.empty()) RETURN_IF_ERROR(ApplyV2Devices(r.devices));
      return absl::OkStatus();
    case CgroupMode::kLegacy:
      if (!r.unified.empty()) {
        return absl::FailedPreconditionError(
            "linux.resources.unified: this host has no cgroup v2 hierarchy");
      }
      return v1_.Apply(r, update, &warnings_);
    case CgroupMode::kHybrid: {
      ASSIGN_OR_RETURN(std::vector<std::string> offered, v2_->RootControllers());
      SplitResources s = SplitForHybrid(r, v1_, offered);
      RETURN_IF_ERROR(v1_.Apply(s.v1, update, &warnings_));
      RETURN_IF_ERROR(v2_->Apply(s.v2, update, &warnings_));
      if (!s.v2.devices.empty()) RETURN_IF_ERROR(ApplyV2Devices(s.v2.devices));
      return absl::OkStatus();
    }
    case CgroupMode::kNone:
      break;
  }
  return absl::FailedPreconditionError("no cgroup hierarchy is mounted on this host");
}

absl::Status Manager::ApplyV2Devices(const std::vector<config::DeviceRule>& rules) {
  return Annotate(ApplyDeviceFilter(v2_->dir(), rules), "linux.resources.devices");
}

absl::Status Manager::AddProcess(pid_t pid) const {
  RETURN_IF_ERROR(CheckPath());
  for (const std::string& dir : Directories()) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "cgroup.procs", absl::StrCat(pid)));
  }
  return absl::OkStatus();
}

std::string Manager::CloneIntoDir() const { return v2_ ? v2_->dir() : ""; }

absl::StatusOr<UniqueFd> Manager::OpenCloneIntoDir() const {
  const std::string dir = CloneIntoDir();
  if (dir.empty()) return UniqueFd();
  UniqueFd fd(open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", dir));
  return fd;
}

absl::StatusOr<std::vector<UniqueFd>> Manager::JoinClonedProcess(pid_t pid,
                                                                 bool cloned_into) const {
  RETURN_IF_ERROR(CheckPath());
  std::vector<UniqueFd> files;
  for (const std::string& dir : v1_.Directories()) {
    if (files.size() == kMaxSelfJoinFiles) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "cgroup.procs", absl::StrCat(pid)));
      continue;
    }
    const std::string tasks = JoinPath(dir, "tasks");
    UniqueFd fd(open(tasks.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return LastErrnoStatus(absl::StrCat("open ", tasks, " O_WRONLY"));
    files.push_back(std::move(fd));
  }
  if (v2_ && !cloned_into) {
    RETURN_IF_ERROR(WriteCgroupFile(v2_->dir(), "cgroup.procs", absl::StrCat(pid)));
  }
  return files;
}

std::string Manager::MembershipDir() const {
  if (mode_ == CgroupMode::kUnified) return v2_->dir();
  std::string freezer = v1_.Dir("freezer");
  if (!freezer.empty()) return freezer;
  std::vector<std::string> dirs = Directories();
  return dirs.empty() ? "" : dirs[0];
}

absl::StatusOr<std::vector<pid_t>> Manager::Pids() const {
  RETURN_IF_ERROR(CheckPath());
  std::vector<pid_t> pids;
  CollectPids(MembershipDir(), &pids);
  // A hybrid host also lists the v2 membership: a process that joined only
  // one side is still the container's.
  if (mode_ == CgroupMode::kHybrid) CollectPids(v2_->dir(), &pids);
  return pids;
}

absl::Status Manager::Freeze(bool frozen) const {
  RETURN_IF_ERROR(CheckPath());
  if (mode_ != CgroupMode::kUnified && v1_.Has("freezer")) return v1_.Freeze(frozen);
  if (v2_ && FileExists(v2_->dir(), "cgroup.freeze")) return v2_->Freeze(frozen);
  return absl::FailedPreconditionError(
      "no freezer: neither a v1 freezer hierarchy nor cgroup.freeze (Linux >= 5.2)");
}

absl::StatusOr<bool> Manager::Frozen() const {
  RETURN_IF_ERROR(CheckPath());
  if (mode_ != CgroupMode::kUnified && v1_.Has("freezer")) return v1_.Frozen();
  if (v2_ && FileExists(v2_->dir(), "cgroup.freeze")) return v2_->Frozen();
  return false;
}

absl::Status Manager::KillAll() const {
  // A task frozen by the v1 freezer does not act on SIGKILL until thawed
  // (the v2 freezer lets fatal signals through).
  if (mode_ != CgroupMode::kUnified && v1_.Has("freezer")) {
    absl::StatusOr<bool> frozen = v1_.Frozen();
    if (frozen.ok() && *frozen) RETURN_IF_ERROR(v1_.Freeze(false));
  }
  // cgroup.kill kills the whole v2 subtree atomically (no fork race).
  if (v2_ && IsDir(v2_->dir()) && FileExists(v2_->dir(), "cgroup.kill")) {
    RETURN_IF_ERROR(v2_->Kill());
    if (mode_ == CgroupMode::kUnified) return absl::OkStatus();
  }
  // Otherwise: freeze so nothing forks while we kill, SIGKILL each process
  // through a pidfd (no pid reuse race), thaw — a frozen process cannot die —
  // and wait for each pidfd to report the exit. Each round waits at most a
  // second, then looks again: a killed task leaves the cgroup before it
  // finishes exiting, and a pid namespace's init does not finish until
  // every process of its namespace is reaped, perhaps only by our caller.
  for (int round = 0; round < 10; ++round) {
    ASSIGN_OR_RETURN(std::vector<pid_t> pids, Pids());
    if (pids.empty()) return absl::OkStatus();
    bool froze = Freeze(true).ok();
    std::vector<UniqueFd> pidfds;
    for (pid_t pid : pids) {
      UniqueFd fd(sys::PidfdOpen(pid, 0));
      if (!fd) continue;  // already gone
      if (sys::PidfdSendSignal(fd.get(), SIGKILL, 0) == 0) pidfds.push_back(std::move(fd));
    }
    if (froze) RETURN_IF_ERROR(Freeze(false));
    const absl::Time deadline = absl::Now() + absl::Seconds(1);
    for (const UniqueFd& fd : pidfds) (void)AwaitExit(fd.get(), 0, deadline - absl::Now());
  }
  return absl::DeadlineExceededError(
      absl::StrCat(path_, ": processes still appear after 10 rounds of SIGKILL"));
}

absl::Status Manager::Destroy() const {
  RETURN_IF_ERROR(CheckPath());
  // The realtime budget nsinit's shared parent was given for this one:
  // dropped from the container before its removal (a removed cgroup still
  // counts against its parent until the kernel frees it). The write fails
  // while a realtime task is inside: then again once everything is killed.
  const auto release_rt_budget = [this] {
    if (std::string cpu = v1_.Dir("cpu");
        !cpu.empty() && IsDir(cpu) && absl::StartsWith(path_, absl::StrCat(kDefaultParent, "/"))) {
      std::string parent = cpu.substr(0, cpu.size() - path_.size()) + kDefaultParent;
      if (HoldsRtBudget(parent) && WriteCgroupFile(cpu, "cpu.rt_runtime_us", "0").ok()) {
        ReleaseUnusedRtBudget(parent);
      }
    }
  };
  release_rt_budget();
  // Usually nothing is left to kill: the container's init exited, and with
  // it (in its own pid namespace) every process of the container. The
  // kernel refuses to rmdir a cgroup that holds a process or a sub-cgroup,
  // so one rmdir per directory removes each empty one and proves it was
  // empty; only what refuses is killed and removed the long way. (The
  // freezer's state does not matter to an empty cgroup.)
  std::vector<std::string> remaining;
  for (const std::string& dir : Directories()) {
    if (rmdir(dir.c_str()) != 0 && errno != ENOENT) remaining.push_back(dir);
  }
  absl::Status status;
  if (!remaining.empty()) {
    status.Update(Annotate(KillAll(), "killing the container's processes"));
    release_rt_budget();
  }
  for (const std::string& dir : remaining) status.Update(RemoveTree(dir));
  // Empty parents this instance made. rmdir refuses a non-empty cgroup, so
  // another container's parent is never removed; the first refusal stops
  // the walk up. nsinit's shared parent (/nsinit) stays: removing it cost a
  // failed rmdir per hierarchy on every delete while other containers
  // live, and when it did succeed the next create made it again (a cgroup
  // mkdir and rmdir per hierarchy per container in a sequence of runs).
  std::vector<std::string> roots;
  for (const std::string& dir : Directories())
    roots.push_back(dir.substr(0, dir.size() - path_.size()));
  for (const std::string& root : roots) {
    std::string rel = path_;
    for (size_t slash = rel.rfind('/'); slash != std::string::npos && slash > 0;
         slash = rel.rfind('/')) {
      rel.resize(slash);
      std::string dir = root + rel;
      if (rel == kDefaultParent || !Contains(created_, dir)) break;
      if (rmdir(dir.c_str()) != 0) break;
    }
  }
  return status;
}

absl::StatusOr<Stats> Manager::GetStats() const {
  RETURN_IF_ERROR(CheckPath());
  if (mode_ == CgroupMode::kUnified) return ReadV2Stats(v2_->dir());
  ASSIGN_OR_RETURN(Stats s, ReadV1Stats(v1_));
  // Hybrid: hugetlb may live only on the v2 side.
  if (mode_ == CgroupMode::kHybrid && !v1_.Has("hugetlb")) {
    absl::StatusOr<Stats> v2 = ReadV2Stats(v2_->dir());
    if (v2.ok()) s.hugetlb = v2->hugetlb;
  }
  return s;
}

absl::StatusOr<UniqueFd> Manager::OomEventFd() const {
  RETURN_IF_ERROR(CheckPath());
  if (mode_ != CgroupMode::kUnified) {
    std::string dir = v1_.Dir("memory");
    if (dir.empty()) return absl::FailedPreconditionError("OOM events: no v1 memory controller");
    // cgroup-v1/memory.rst "Memory thresholds"/"OOM Control": register an
    // eventfd with "<eventfd> <fd of memory.oom_control>"; the kernel drops
    // the registration when the eventfd is closed.
    std::string control = JoinPath(dir, "memory.oom_control");
    UniqueFd oom(open(control.c_str(), O_RDONLY | O_CLOEXEC));
    if (!oom) return LastErrnoStatus(absl::StrCat("open ", control));
    UniqueFd efd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!efd) return LastErrnoStatus("eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK)");
    RETURN_IF_ERROR(
        WriteCgroupFile(dir, "cgroup.event_control", absl::StrCat(efd.get(), " ", oom.get())));
    return efd;
  }
  // v2: memory.events is modified (and kernfs notifies inotify) on each event.
  std::string events = JoinPath(v2_->dir(), "memory.events");
  UniqueFd ifd(inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (!ifd) return LastErrnoStatus("inotify_init1(IN_CLOEXEC|IN_NONBLOCK)");
  if (inotify_add_watch(ifd.get(), events.c_str(), IN_MODIFY) < 0) {
    return LastErrnoStatus(absl::StrCat("inotify_add_watch ", events, " IN_MODIFY"));
  }
  return ifd;
}

void Manager::DrainOomEventFd(int fd) {
  char buf[4096];
  while (read(fd, buf, sizeof(buf)) > 0) {
  }
}

absl::StatusOr<uint64_t> Manager::ReadOomCount() const {
  RETURN_IF_ERROR(CheckPath());
  std::string dir = mode_ == CgroupMode::kUnified ? v2_->dir() : v1_.Dir("memory");
  if (dir.empty()) return absl::FailedPreconditionError("OOM count: no memory controller");
  const char* file = mode_ == CgroupMode::kUnified ? "memory.events" : "memory.oom_control";
  ASSIGN_OR_RETURN(auto keyed, ReadKeyedFile(dir, file));
  auto it = keyed.find("oom_kill");
  if (it == keyed.end()) {
    return absl::UnimplementedError(absl::StrCat(JoinPath(dir, file), " has no oom_kill counter"));
  }
  return it->second;
}

}  // namespace nsinit::cgroups

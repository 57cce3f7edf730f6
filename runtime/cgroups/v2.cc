#include "runtime/cgroups/v2.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/conversions.h"
#include "runtime/cgroups/files.h"

namespace nsinit::cgroups {
namespace {

bool Contains(const std::vector<std::string>& v, absl::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string DeviceNumbers(const config::BlockIoDevice& d) {
  return absl::StrCat(d.major, ":", d.minor);
}

// An update of memory.max below what the container uses makes the v2
// kernel OOM-kill inside it, where v1 refuses (EBUSY) once reclaim fails.
// Like v1: reclaim first (memory.reclaim, Linux 5.19), then refuse if the
// usage is still above the new limit (SPEC CG-039). `required` (an explicit
// checkBeforeUpdate) makes an unreadable memory.current an error.
absl::Status CheckLimitAboveUsage(absl::string_view dir, uint64_t limit, bool required) {
  absl::StatusOr<uint64_t> usage = ReadCgroupUint(dir, "memory.current");
  if (!usage.ok()) return required ? usage.status() : absl::OkStatus();
  if (*usage > limit && FileExists(dir, "memory.reclaim")) {
    // EAGAIN when less than asked could be reclaimed: judged below.
    (void)WriteCgroupFile(dir, "memory.reclaim", absl::StrCat(*usage - limit));
    usage = ReadCgroupUint(dir, "memory.current");
    if (!usage.ok()) return usage.status();
  }
  if (*usage > limit) {
    return absl::FailedPreconditionError(
        absl::StrCat("linux.resources.memory.limit: ", limit, " is below the current usage ",
                     *usage, " that reclaim cannot lower (checkBeforeUpdate: false allows it)"));
  }
  return absl::OkStatus();
}

absl::Status ApplyMemory(absl::string_view dir, const config::MemoryResources& m, bool update,
                         std::vector<std::string>* warnings) {
  ASSIGN_OR_RETURN(std::optional<int64_t> swap, SwapToV2(m.limit, m.swap));
  if (update && m.check_before_update.value_or(true) && m.limit && *m.limit > 0) {
    RETURN_IF_ERROR(CheckLimitAboveUsage(dir, static_cast<uint64_t>(*m.limit),
                                         m.check_before_update.value_or(false)));
  }
  if (swap) {
    if (FileExists(dir, "memory.swap.max")) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "memory.swap.max", V2Limit(*swap)));
    } else if (*swap != -1) {
      return absl::FailedPreconditionError(
          "linux.resources.memory.swap: no memory.swap.max (swap accounting is off)");
    }
  }
  if (m.limit && *m.limit != 0) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "memory.max", V2Limit(*m.limit)));
  }
  if (m.reservation && *m.reservation != 0) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "memory.low", V2Limit(*m.reservation)));
  }
  if (m.kernel && *m.kernel != 0) {
    warnings->push_back("linux.resources.memory.kernel: ignored, cgroup v2 has no kernel limit");
  }
  if (m.kernel_tcp && *m.kernel_tcp != 0) {
    warnings->push_back(
        "linux.resources.memory.kernelTCP: ignored, cgroup v2 has no kernel TCP limit");
  }
  if (m.swappiness && *m.swappiness != std::numeric_limits<uint64_t>::max()) {
    warnings->push_back("linux.resources.memory.swappiness: ignored, cgroup v2 has no swappiness");
  }
  if (m.disable_oom_killer.value_or(false)) {
    warnings->push_back(
        "linux.resources.memory.disableOOMKiller: ignored, cgroup v2 cannot disable the OOM "
        "killer");
  }
  if (m.use_hierarchy && !*m.use_hierarchy) {
    warnings->push_back("linux.resources.memory.useHierarchy: cgroup v2 is always hierarchical");
  }
  return absl::OkStatus();
}

absl::Status ApplyCpu(absl::string_view dir, const config::CpuResources& c) {
  // 0 is "not set" (runc); only a real rt value cannot be honoured.
  if (c.realtime_runtime.value_or(0) != 0 || c.realtime_period.value_or(0) != 0) {
    return absl::FailedPreconditionError(
        "linux.resources.cpu.realtimeRuntime/realtimePeriod: not supported on cgroup v2");
  }
  if (c.idle) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.idle", absl::StrCat(*c.idle)));
  // An idle group has no weight (the kernel refuses it).
  if (c.shares && *c.shares != 0 && c.idle.value_or(0) != 1) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.weight", absl::StrCat(SharesToWeight(*c.shares))));
  }
  if ((c.quota && *c.quota != 0) || (c.period && *c.period != 0)) {
    RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.max", V2CpuMax(c.quota, c.period)));
  }
  if (c.burst) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpu.max.burst", absl::StrCat(*c.burst)));
  if (!c.cpus.empty()) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpuset.cpus", c.cpus));
  if (!c.mems.empty()) RETURN_IF_ERROR(WriteCgroupFile(dir, "cpuset.mems", c.mems));
  return absl::OkStatus();
}

absl::Status ApplyIo(absl::string_view dir, const config::BlockIoResources& b,
                     std::vector<std::string>* warnings) {
  // BFQ takes the v1 weight as is; io.weight (the cost model) converted (runc).
  bool bfq = FileExists(dir, "io.bfq.weight");
  if (b.weight && *b.weight != 0) {
    if (bfq) {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "io.bfq.weight", absl::StrCat(*b.weight)));
    } else {
      RETURN_IF_ERROR(WriteCgroupFile(dir, "io.weight",
                                      absl::StrCat("default ", BlkioWeightToIoWeight(*b.weight))));
    }
  }
  if (b.leaf_weight && *b.leaf_weight != 0) {
    warnings->push_back(
        "linux.resources.blockIO.leafWeight: ignored, cgroup v2 has no leaf weight");
  }
  for (const config::BlockIoDevice& d : b.weight_device) {
    // A weight of 0 is not set (Docker writes it so; runc skips it).
    if (d.weight && *d.weight != 0) {
      if (bfq) {
        RETURN_IF_ERROR(
            WriteCgroupFile(dir, "io.bfq.weight", absl::StrCat(DeviceNumbers(d), " ", *d.weight)));
      } else {
        RETURN_IF_ERROR(
            WriteCgroupFile(dir, "io.weight",
                            absl::StrCat(DeviceNumbers(d), " ", BlkioWeightToIoWeight(*d.weight))));
      }
    }
    if (d.leaf_weight && *d.leaf_weight != 0) {
      warnings->push_back(
          "linux.resources.blockIO.weightDevice[].leafWeight: ignored, cgroup v2 has no leaf "
          "weight");
    }
  }
  struct Throttle {
    const std::vector<config::BlockIoDevice>* devices;
    const char* key;
  };
  for (const Throttle& t : {Throttle{&b.throttle_read_bps_device, "rbps"},
                            Throttle{&b.throttle_write_bps_device, "wbps"},
                            Throttle{&b.throttle_read_iops_device, "riops"},
                            Throttle{&b.throttle_write_iops_device, "wiops"}}) {
    for (const config::BlockIoDevice& d : *t.devices) {
      // 0 lifts the limit in v1; "max" is its v2 spelling.
      std::string rate = d.rate.value_or(0) == 0 ? "max" : absl::StrCat(*d.rate);
      RETURN_IF_ERROR(
          WriteCgroupFile(dir, "io.max", absl::StrCat(DeviceNumbers(d), " ", t.key, "=", rate)));
    }
  }
  return absl::OkStatus();
}

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

absl::Status ValidateUnifiedKey(absl::string_view key) {
  if (key.empty() || absl::StrContains(key, "/") || key == "." || key == ".." ||
      absl::StrContains(key, "..") || key[0] == '.') {
    return absl::InvalidArgumentError(
        absl::StrCat("linux.resources.unified: invalid key \"", key,
                     "\": must be an interface file name such as \"memory.high\""));
  }
  if (!absl::StrContains(key, ".")) {
    return absl::InvalidArgumentError(absl::StrCat("linux.resources.unified: invalid key \"", key,
                                                   "\": not a <controller>.<file> name"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> V2Cgroup::RootControllers() const {
  if (!root_controllers_) {
    ASSIGN_OR_RETURN(root_controllers_, ReadWords(mount_point_, "cgroup.controllers"));
  }
  return *root_controllers_;
}

absl::Status V2Cgroup::Create(const std::vector<std::string>& controllers,
                              std::vector<std::string>* created,
                              std::vector<std::string>* warnings) const {
  // No controllers to enable on the way: when the ancestors exist (the
  // shared /nsinit), one mkdir makes the cgroup.
  if (controllers.empty()) {
    ASSIGN_OR_RETURN(bool made, MakeCgroupLeaf(dir_, created));
    if (made) return absl::OkStatus();
  }
  std::string cur = mount_point_;
  for (absl::string_view part : absl::StrSplit(path_, '/', absl::SkipEmpty())) {
    if (!controllers.empty()) {
      ASSIGN_OR_RETURN(std::vector<std::string> offered, ReadWords(cur, "cgroup.controllers"));
      ASSIGN_OR_RETURN(std::vector<std::string> enabled, ReadWords(cur, "cgroup.subtree_control"));
      std::vector<std::string> add;
      for (const std::string& c : controllers) {
        if (Contains(offered, c) && !Contains(enabled, c)) add.push_back("+" + c);
      }
      if (!add.empty() &&
          !WriteCgroupFile(cur, "cgroup.subtree_control", absl::StrJoin(add, " ")).ok()) {
        // One at a time, so one refusal (e.g. a threaded subtree) does not
        // cost the others.
        for (const std::string& c : add) {
          absl::Status s = WriteCgroupFile(cur, "cgroup.subtree_control", c);
          if (!s.ok()) warnings->push_back(s.ToString());
        }
      }
    }
    absl::StrAppend(&cur, "/", part);
    if (mkdir(cur.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      return LastErrnoStatus(absl::StrCat("mkdir ", cur));
    }
    created->push_back(cur);
  }
  return absl::OkStatus();
}

absl::Status V2Cgroup::Apply(const config::Resources& r, bool update,
                             std::vector<std::string>* warnings) const {
  if (r.memory) RETURN_IF_ERROR(ApplyMemory(dir_, *r.memory, update, warnings));
  if (r.cpu) RETURN_IF_ERROR(ApplyCpu(dir_, *r.cpu));
  // 0 is not set and leaves the file alone; negative is unlimited (runc).
  if (r.pids && r.pids->limit && *r.pids->limit != 0) {
    RETURN_IF_ERROR(WriteCgroupFile(
        dir_, "pids.max", *r.pids->limit <= 0 ? std::string("max") : absl::StrCat(*r.pids->limit)));
  }
  if (r.block_io) RETURN_IF_ERROR(ApplyIo(dir_, *r.block_io, warnings));
  for (const config::HugepageLimit& l : r.hugepage_limits) {
    RETURN_IF_ERROR(WriteCgroupFile(dir_, absl::StrCat("hugetlb.", l.page_size, ".max"),
                                    absl::StrCat(l.limit)));
    std::string rsvd = absl::StrCat("hugetlb.", l.page_size, ".rsvd.max");
    if (FileExists(dir_, rsvd)) RETURN_IF_ERROR(WriteCgroupFile(dir_, rsvd, absl::StrCat(l.limit)));
  }
  if (r.network && (r.network->class_id.value_or(0) != 0 || !r.network->priorities.empty())) {
    return absl::FailedPreconditionError(
        "linux.resources.network: cgroup v2 has no net_cls/net_prio controllers");
  }
  // Unified last: it overrides what the typed fields wrote (runc).
  for (const auto& [key, value] : r.unified) {
    RETURN_IF_ERROR(ValidateUnifiedKey(key));
    if (!FileExists(dir_, key)) {
      std::string controller(key.substr(0, key.find('.')));
      return absl::FailedPreconditionError(
          absl::StrCat("linux.resources.unified.", key, ": no such file in ", dir_, " (is the \"",
                       controller, "\" controller available and enabled?)"));
    }
    RETURN_IF_ERROR(WriteCgroupFile(dir_, key, value));
  }
  return absl::OkStatus();
}

absl::Status V2Cgroup::WaitForEvent(absl::string_view key, uint64_t value, int timeout_ms) const {
  std::string path = JoinPath(dir_, "cgroup.events");
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", path));
  int64_t deadline = NowMs() + timeout_ms;
  for (;;) {
    char buf[512];
    ssize_t n = pread(fd.get(), buf, sizeof(buf) - 1, 0);
    if (n < 0) return LastErrnoStatus(absl::StrCat("read ", path));
    for (absl::string_view line : absl::StrSplit(absl::string_view(buf, n), '\n')) {
      std::vector<absl::string_view> kv = absl::StrSplit(line, ' ');
      if (kv.size() == 2 && kv[0] == key && kv[1] == absl::StrCat(value)) return absl::OkStatus();
    }
    int64_t left = deadline - NowMs();
    if (left <= 0) {
      return absl::DeadlineExceededError(
          absl::StrCat(path, ": no \"", key, " ", value, "\" after ", timeout_ms, " ms"));
    }
    // kernfs signals a changed cgroup.events with POLLPRI|POLLERR.
    pollfd p = {fd.get(), POLLPRI, 0};
    if (poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR) {
      return LastErrnoStatus(absl::StrCat("poll ", path));
    }
  }
}

absl::Status V2Cgroup::Freeze(bool frozen) const {
  RETURN_IF_ERROR(WriteCgroupFile(dir_, "cgroup.freeze", frozen ? "1" : "0"));
  return WaitForEvent("frozen", frozen ? 1 : 0, 5000);
}

absl::StatusOr<bool> V2Cgroup::Frozen() const {
  ASSIGN_OR_RETURN(auto events, ReadKeyedFile(dir_, "cgroup.events"));
  auto it = events.find("frozen");
  return it != events.end() && it->second == 1;
}

absl::Status V2Cgroup::Kill() const {
  if (!FileExists(dir_, "cgroup.kill")) {
    return absl::UnimplementedError(absl::StrCat(dir_, ": no cgroup.kill (Linux < 5.14)"));
  }
  RETURN_IF_ERROR(WriteCgroupFile(dir_, "cgroup.kill", "1"));
  return WaitForEvent("populated", 0, 10000);
}

}  // namespace nsinit::cgroups

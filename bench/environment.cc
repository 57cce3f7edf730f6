#include "bench/environment.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"
#include "tools/testing/rootfs_builder.h"

namespace nsinit::bench {
namespace {

constexpr char kTruePatch[] = R"({"process": {"args": ["/bin/true"]}})";
constexpr char kSleepPatch[] = R"({"process": {"args": ["/bin/sleep", "1000000"]}})";

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string EnvOr(const char* var, const char* fallback) {
  const char* v = getenv(var);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// Every cgroup under `dir` (itself included) whose cgroup.subtree_control
// enables hugetlb, children before parents.
void CgroupsEnablingHugetlb(const std::string& dir, std::vector<std::string>* out) {
  if (DIR* d = opendir(dir.c_str())) {
    std::vector<std::string> children;
    while (dirent* e = readdir(d)) {
      if (e->d_type == DT_DIR && e->d_name[0] != '.') children.push_back(dir + "/" + e->d_name);
    }
    closedir(d);
    for (const std::string& c : children) CgroupsEnablingHugetlb(c, out);
  }
  for (absl::string_view c :
       absl::StrSplit(ReadFileOrEmpty(dir + "/cgroup.subtree_control"), absl::ByAnyChar(" \n"))) {
    if (c == "hugetlb") out->push_back(dir);
  }
}

}  // namespace

std::string Runfile(const std::string& argv0, const std::string& workspace_path) {
  std::vector<std::string> roots;
  for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    const char* v = getenv(var);
    if (v != nullptr && *v != '\0') roots.push_back(v);
  }
  roots.push_back(argv0 + ".runfiles");
  for (const std::string& r : roots) {
    std::string p = absl::StrCat(r, "/nsinit/", workspace_path);
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return workspace_path;
}

absl::StatusOr<std::string> PrepareCrunCgroupLayout() {
  // Already a v1 hugetlb hierarchy: nothing to do.
  for (absl::string_view line : absl::StrSplit(ReadFileOrEmpty("/proc/self/mountinfo"), '\n')) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    // "... - cgroup cgroup rw,hugetlb": fstype after the separator.
    for (size_t i = 0; i + 3 < f.size(); ++i) {
      if (f[i] == "-" && f[i + 1] == "cgroup") {
        for (absl::string_view opt : absl::StrSplit(f[i + 3], ',')) {
          if (opt == "hugetlb") {
            return std::string(
                "crun 1.8 needs hugetlb off the cgroup2 mount on this hybrid layout: a v1 hugetlb "
                "hierarchy is already mounted (nothing changed by this run)");
          }
        }
      }
    }
  }
  const std::string controllers = ReadFileOrEmpty("/sys/fs/cgroup/unified/cgroup.controllers");
  bool on_v2 = false;
  for (absl::string_view c : absl::StrSplit(controllers, absl::ByAnyChar(" \n")))
    on_v2 |= c == "hugetlb";
  if (!on_v2) return std::string();
  if (mkdir("/sys/fs/cgroup/hugetlb", 0755) != 0 && errno != EEXIST) {
    return LastErrnoStatus("mkdir /sys/fs/cgroup/hugetlb");
  }
  // The controller moves only while no cgroup2 cgroup enables it for its
  // children (EBUSY otherwise): a runtime that gave a container hugetlb
  // limits here enabled it in the root's and the parents' subtree_control,
  // and nothing turns it off again.
  std::vector<std::string> enabling;
  CgroupsEnablingHugetlb("/sys/fs/cgroup/unified", &enabling);
  for (const std::string& dir : enabling) {
    const std::string file = dir + "/cgroup.subtree_control";
    const int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
    const bool written = fd >= 0 && write(fd, "-hugetlb", 8) == 8;
    const int err = errno;
    if (fd >= 0) close(fd);
    if (!written) return ErrnoStatus(err, "write -hugetlb to " + file);
  }
  if (mount("cgroup", "/sys/fs/cgroup/hugetlb", "cgroup", 0, "hugetlb") != 0) {
    return LastErrnoStatus("mount cgroup on /sys/fs/cgroup/hugetlb hugetlb");
  }
  std::string note =
      "crun 1.8 refuses this hybrid layout while the cgroup2 mount holds hugetlb: mounted a v1 "
      "hugetlb hierarchy at /sys/fs/cgroup/hugetlb (mkdir -p /sys/fs/cgroup/hugetlb && "
      "mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb); it stays mounted";
  if (!enabling.empty()) {
    absl::StrAppend(&note, "; first wrote -hugetlb into cgroup.subtree_control of ",
                    absl::StrJoin(enabling, ", "), " (the mount is refused while one enables it)");
  }
  return note;
}

// A copy of `binary` in `dir`, executable, in the page cache the way an
// installed binary is after a reboot or an eviction: not at all, so the
// first exec reads it through the kernel's readahead. Every runtime binary
// the bench runs is such a copy in the run's own directory, never a file of
// Bazel's output tree, whose page cache holds whatever the linker's writes
// left.
//
// How a file's pages came into the page cache decides how the kernel maps
// it (bench/README.md, "Page cache state"): the 4 MiB of one write(2), as
// this copy made until session 11, sit in 2 MiB folios that the kernel maps
// with one PMD fault each, and a run then maps most of the image at once
// (more RSS, fewer faults); a file read back through readahead sits in
// small folios, as does one written by cp(1). Dropped after the copy, every
// installed binary (nsinit, the earlier nsinit, both floors) starts from
// the same state as /usr/bin's runc and crun after a boot.
static absl::StatusOr<std::string> InstalledCopy(const std::string& binary, const std::string& dir,
                                                 const std::string& name) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(binary, 256 << 20));
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return LastErrnoStatus("mkdir " + dir);
  std::string path = dir + "/" + name;
  // Written back (kFsync) before the drop: dirty pages cannot be dropped.
  RETURN_IF_ERROR(WriteFileAtomic(path, bytes, 0755, Durability::kFsync));
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus("open " + path);
  if (int rc = posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED); rc != 0) {
    return ErrnoStatus(rc, "posix_fadvise(" + path + ", POSIX_FADV_DONTNEED)");
  }
  return path;
}

// The directory every runtime keeps its state root in: a tmpfs, as /run is
// on the hosts engines run on (runc's /run/runc, crun's /run/crun, Docker's
// /run/docker/runtime-runc, containerd's /run/containerd/runc). This host's
// /run is a directory of its ext4 root, where each creation, rename or
// unlink of a state file costs 0.05-0.2 ms: about 0.8 ms of an nsinit start
// (bench/README.md, "State roots"), and as much or more of runc's and crun's.
// TempDir::Remove unmounts it.
static absl::StatusOr<std::string> MountStateTmpfs(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0) return LastErrnoStatus("mkdir " + dir);
  if (mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700") != 0) {
    return LastErrnoStatus("mount tmpfs on " + dir);
  }
  return dir;
}

absl::StatusOr<std::unique_ptr<Environment>> Environment::Create(const std::string& argv0) {
  ASSIGN_OR_RETURN(testing::TempDir state, testing::TempDir::Create("nsinit-bench"));
  ASSIGN_OR_RETURN(testing::Bundle t,
                   testing::Bundle::Create(testing::RootfsBuilder(), kTruePatch));
  ASSIGN_OR_RETURN(testing::Bundle s,
                   testing::Bundle::Create(testing::RootfsBuilder(), kSleepPatch));
  std::unique_ptr<Environment> env(new Environment(std::move(state), std::move(t), std::move(s)));
  ASSIGN_OR_RETURN(env->run_, MountStateTmpfs(env->state_.Sub("run")));
  const std::string runc = EnvOr("NSINIT_BENCH_RUNC", "/usr/sbin/runc");
  const std::string crun = EnvOr("NSINIT_BENCH_CRUN", "/usr/bin/crun");
  env->drivers_.push_back(MakeLibraryDriver(env->StateRoot("nsinit-lib")));
  const std::string bin = env->state_.Sub("bin");
  ASSIGN_OR_RETURN(env->nsinit_binary_,
                   InstalledCopy(Runfile(argv0, "tools/nsinit/nsinit"), bin, "nsinit"));
  env->drivers_.push_back(MakeCliDriver("nsinit", env->nsinit_binary_, env->StateRoot("nsinit")));
  // A/B in the same run: an earlier nsinit binary, interleaved with this
  // one ($NSINIT_BENCH_BEFORE, report.py --before=PATH).
  if (const std::string before = EnvOr("NSINIT_BENCH_BEFORE", ""); !before.empty()) {
    ASSIGN_OR_RETURN(std::string copy, InstalledCopy(before, bin, "nsinit-before"));
    env->drivers_.push_back(MakeCliDriver("nsinit-before", copy, env->StateRoot("nsinit-before")));
  }
  env->drivers_.push_back(MakeCliDriver("runc", runc, env->StateRoot("runc")));
  env->drivers_.push_back(MakeCliDriver("crun", crun, env->StateRoot("crun")));
  ASSIGN_OR_RETURN(std::string floor, InstalledCopy(Runfile(argv0, "bench/floor"), bin, "floor"));
  env->drivers_.push_back(MakeFloorDriver(floor));
  ASSIGN_OR_RETURN(std::string config_floor,
                   InstalledCopy(Runfile(argv0, "bench/config_floor"), bin, "config_floor"));
  env->drivers_.push_back(MakeConfigFloorDriver(config_floor));
  env->maxrss_binary_ = Runfile(argv0, "bench/maxrss");
  if (env->driver("crun")->available().ok()) {
    ASSIGN_OR_RETURN(env->cgroup_note_, PrepareCrunCgroupLayout());
  }
  return env;
}

absl::StatusOr<testing::Bundle> Environment::NewTrueBundle() const {
  return testing::Bundle::Create(testing::RootfsBuilder(), kTruePatch);
}

Driver* Environment::driver(const std::string& name) const {
  for (const auto& d : drivers_) {
    if (d->name() == name) return d.get();
  }
  return nullptr;
}

std::string Environment::NewId(const std::string& driver) {
  return absl::StrCat("bench-", driver, "-", getpid(), "-", next_id_++);
}

}  // namespace nsinit::bench

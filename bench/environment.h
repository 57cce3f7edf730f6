// What every benchmark shares: the bundles, a private state directory, and
// one Driver per runtime (driver.h), made once per benchmark process.
//
// Binaries: nsinit and the floor come from the benchmark's runfiles
// (`bazel run` sets RUNFILES_DIR; otherwise ARGV0.runfiles); runc and crun
// from /usr/sbin/runc and /usr/bin/crun, or $NSINIT_BENCH_RUNC and
// $NSINIT_BENCH_CRUN. A missing one becomes a skip with its reason.
//
// crun 1.8 refuses a hybrid cgroup layout whose cgroup2 mount holds the
// hugetlb controller. When crun is present and no v1 hugetlb hierarchy is
// mounted, PrepareCrunCgroupLayout mounts one at /sys/fs/cgroup/hugetlb
// (which moves the controller off the v2 mount, machine-wide) and returns a
// note saying so, which the benchmark prints and records in its JSON (also
// when the hierarchy was already there, e.g. from an earlier run).
#ifndef NSINIT_BENCH_ENVIRONMENT_H_
#define NSINIT_BENCH_ENVIRONMENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/driver.h"
#include "tools/testing/bundle.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::bench {

// The path of `workspace_path` (e.g. "tools/nsinit/nsinit") among the
// runfiles of the program started as `argv0`.
std::string Runfile(const std::string& argv0, const std::string& workspace_path);

// "" when nothing was needed; else what was done to the host.
absl::StatusOr<std::string> PrepareCrunCgroupLayout();

class Environment {
 public:
  static absl::StatusOr<std::unique_ptr<Environment>> Create(const std::string& argv0);

  // A busybox bundle running /bin/true.
  const std::string& true_bundle() const { return true_bundle_.path(); }
  // A busybox bundle running `sleep 1000000` (for exec and pause).
  const std::string& sleep_bundle() const { return sleep_bundle_.path(); }
  // A fresh busybox bundle running /bin/true, for config changes.
  absl::StatusOr<testing::Bundle> NewTrueBundle() const;

  // nsinit-lib, nsinit, runc, crun, floor: in that order.
  const std::vector<std::unique_ptr<Driver>>& drivers() const { return drivers_; }
  Driver* driver(const std::string& name) const;

  // A container id unique in this process and across processes.
  std::string NewId(const std::string& driver);

  // bench/maxrss (maxrss.cc).
  const std::string& maxrss_binary() const { return maxrss_binary_; }
  // The nsinit CLI under test (the "nsinit" driver's binary).
  const std::string& nsinit_binary() const { return nsinit_binary_; }
  // A path in the private state directory.
  std::string ScratchFile(const std::string& name) const { return state_.Sub(name); }
  // The state root (--root) of the runtime `name`, on the run's tmpfs.
  std::string StateRoot(const std::string& name) const { return run_ + "/" + name; }

  const std::string& cgroup_note() const { return cgroup_note_; }

 private:
  Environment(testing::TempDir state, testing::Bundle t, testing::Bundle s)
      : state_(std::move(state)), true_bundle_(std::move(t)), sleep_bundle_(std::move(s)) {}

  testing::TempDir state_;
  testing::Bundle true_bundle_;
  testing::Bundle sleep_bundle_;
  std::vector<std::unique_ptr<Driver>> drivers_;
  std::string cgroup_note_;
  std::string run_;  // the tmpfs of the state roots
  std::string maxrss_binary_;
  std::string nsinit_binary_;
  long next_id_ = 0;
};

}  // namespace nsinit::bench

#endif  // NSINIT_BENCH_ENVIRONMENT_H_

// One container's cgroup in the unified (v2) hierarchy.
//
// A single directory. Creating it delegates controllers down the path: each
// ancestor's cgroup.subtree_control gets "+<controller>" for every requested
// controller its cgroup.controllers offers, so the leaf has the interface
// files (cgroup-v2.rst, "Top-down constraint"). Resources are written in v2
// terms (memory.max, cpu.weight, io.max, ...), converting OCI's v1 values as
// runc does (conversions.h). Freezing writes cgroup.freeze and waits for
// "frozen 1" in cgroup.events with poll(POLLPRI) — the kernel notifies that
// file on every change — so it returns only once the freeze is complete.
#ifndef NSINIT_RUNTIME_CGROUPS_V2_H_
#define NSINIT_RUNTIME_CGROUPS_V2_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

class V2Cgroup {
 public:
  // `mount_point` of the cgroup2 hierarchy, `path` the normalized absolute
  // cgroup path ("/nsinit/abc").
  V2Cgroup(std::string mount_point, std::string path)
      : mount_point_(std::move(mount_point)), dir_(mount_point_ + path), path_(std::move(path)) {}

  const std::string& dir() const { return dir_; }
  const std::string& mount_point() const { return mount_point_; }

  // The controllers the hierarchy's root offers (its cgroup.controllers),
  // read once: they change only when a v1 hierarchy is mounted or
  // unmounted, and a create asks up to three times.
  absl::StatusOr<std::vector<std::string>> RootControllers() const;

  // mkdir -p, enabling each of `controllers` the parent offers in the
  // parent's cgroup.subtree_control before every level. Appends the
  // directories it made to `created`; controllers that could not be
  // delegated are reported in `warnings`.
  absl::Status Create(const std::vector<std::string>& controllers,
                      std::vector<std::string>* created, std::vector<std::string>* warnings) const;

  // Writes the limits (also for a running container when `update`).
  // Settings v2 does not have are warnings when they are only hints
  // (kernel memory, swappiness) and errors when the container would run
  // with less isolation than asked (realtime, network classes).
  absl::Status Apply(const config::Resources& resources, bool update,
                     std::vector<std::string>* warnings) const;

  // Returns once cgroup.events reads "frozen 1" (or "frozen 0").
  absl::Status Freeze(bool frozen) const;
  absl::StatusOr<bool> Frozen() const;

  // SIGKILLs every process in the subtree (cgroup.kill, Linux >= 5.14) and
  // returns once cgroup.events reads "populated 0".
  absl::Status Kill() const;

  // Waits (poll on cgroup.events, POLLPRI) until its `key` has `value`.
  absl::Status WaitForEvent(absl::string_view key, uint64_t value, int timeout_ms) const;

 private:
  std::string mount_point_;
  std::string dir_;
  std::string path_;
  mutable std::optional<std::vector<std::string>> root_controllers_;
};

// Checks a linux.resources.unified key: a plain file name of an interface
// file ("memory.high"), never a path ("../x", "a/b").
absl::Status ValidateUnifiedKey(absl::string_view key);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_V2_H_

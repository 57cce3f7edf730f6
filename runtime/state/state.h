// Container state on disk: ROOT/ID/state.json, written atomically, guarded
// by a lock on ROOT/ID.
//
// The OCI state (ociVersion, id, status, pid, bundle, annotations) plus
// what nsinit needs to find everything again: the init's start time (so a
// recycled pid is never mistaken for the init), the cgroup path, the
// rootfs. The saved `status` only tells `creating` from what comes after
// it; the live status is derived from the kernel each time (LiveStatus in
// runtime/container.h).
#ifndef NSINIT_RUNTIME_STATE_STATE_H_
#define NSINIT_RUNTIME_STATE_STATE_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"

namespace nsinit::state {

// The statuses of a container (OCI runtime#state, plus `paused`).
enum class Status { kCreating, kCreated, kRunning, kPaused, kStopped };
const char* StatusName(Status status);
// kInvalidArgument for a name that is none of the five.
absl::StatusOr<Status> ParseStatus(const std::string& name);

// A cgroup hierarchy the container's cgroups were made in (the runtime's
// cgroups::Hierarchy, kept here as plain data).
struct CgroupHierarchy {
  std::string mount_point;
  std::vector<std::string> controllers;
  bool v2 = false;
  bool named = false;
  bool operator==(const CgroupHierarchy&) const = default;
};

struct State {
  std::string oci_version = "1.2.0";
  std::string id;
  // Written by name (StatusName); an unknown name fails FromJson.
  Status status = Status::kCreating;
  pid_t pid = 0;
  std::string bundle;
  std::map<std::string, std::string> annotations;
  // nsinit's own fields.
  uint64_t init_start_time = 0;  // field 22 of /proc/PID/stat
  // The inode of the init's pid namespace (PidNamespaceInode); 0 in a state
  // written before this field existed.
  uint64_t init_pid_ns = 0;
  std::string rootfs;
  std::string cgroups_path;
  // Where the cgroups were made; empty in a state written before this
  // field existed, or without cgroups (then the host is asked again).
  std::vector<CgroupHierarchy> cgroup_hierarchies;
  std::string created;  // RFC 3339
  // False for a state directory without state.json (Store::Load).
  bool has_state_file = true;
};

std::string ToJson(const State& state, bool oci_only);
// kDataLoss for text that is no JSON object; kInvalidArgument, naming the
// field, for a `status` that is missing, not a string or none of the five.
absl::StatusOr<State> FromJson(const std::string& json);

// From /proc/PID/stat: the state letter (field 3: 'R', 'S', 'Z', ...) and
// the start time (field 22, clock ticks since boot); zeros if `pid` does not
// exist.
struct ProcessStat {
  char state = 0;
  uint64_t start_time = 0;
};
ProcessStat ReadProcessStat(pid_t pid);

// The inode of /proc/PID/ns/pid, or 0 if `pid` does not exist or has
// exited. The start time is in clock ticks (10 ms with USER_HZ 100): a
// process that takes an init's pid within the tick it started in has the
// same one (SPEC LIFE-021). An init in a pid namespace of its own differs
// from any such process by this inode.
uint64_t PidNamespaceInode(pid_t pid);

// Start time of `pid` (clock ticks since boot), or 0 if it does not exist.
inline uint64_t ProcessStartTime(pid_t pid) { return ReadProcessStat(pid).start_time; }

class Store {
 public:
  explicit Store(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string Dir(const std::string& id) const { return root_ + "/" + id; }
  std::string StartSocket(const std::string& id) const { return Dir(id) + "/exec.sock"; }

  // Checks the id (no '/', not "." or "..") and makes ROOT/ID, failing
  // with kAlreadyExists when it is there.
  absl::Status CreateDir(const std::string& id) const;
  // CreateDir, then the exclusive lock on it (held by the returned fd), so
  // no other verb sees the container before its creator lets go.
  absl::StatusOr<UniqueFd> CreateDirLocked(const std::string& id) const;
  // A flock on ROOT/ID (exclusive, or shared for verbs that may run side
  // by side: exec, kill), held by the returned fd. kNotFound when ROOT/ID
  // is absent, or was removed while this waited for the lock (a delete
  // won the race).
  absl::StatusOr<UniqueFd> Lock(const std::string& id, bool exclusive = true) const;
  absl::Status Save(const State& state) const;
  // kNotFound "container \"ID\" does not exist" when absent. A directory
  // without state.json (a create killed before its first Save, or a delete
  // killed halfway) is a container in `creating` with no pid and no cgroup:
  // `list` shows it and `delete --force` removes it.
  absl::StatusOr<State> Load(const std::string& id) const;
  // ROOT/ID/NAME replaced atomically (temp file, rename; no fsync) by
  // `content`, mode 0600.
  absl::Status WriteFile(const std::string& id, const std::string& name,
                         const std::string& content) const;
  // ROOT/ID/NAME; kNotFound when absent.
  absl::StatusOr<std::string> ReadFile(const std::string& id, const std::string& name) const;
  absl::Status Remove(const std::string& id) const;
  absl::StatusOr<std::vector<std::string>> List() const;

 private:
  std::string root_;
};

absl::Status ValidateId(const std::string& id);

}  // namespace nsinit::state

#endif  // NSINIT_RUNTIME_STATE_STATE_H_

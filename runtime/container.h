// The public API: create, start, inspect, signal, exec into and destroy
// containers. In the spirit of the seed's container.go; what the CLI and
// any program linking //runtime use.
//
// A program using this API must call nsinit::RunIfChild(argc, argv) first
// thing in main(): containers' inits and exec'd processes are this same
// binary, re-executed (runtime/process/entry.h).
//
// Lifetimes: Create() leaves the init blocked until Start(). When the
// caller stays the init's parent (Run, or Create with
// `kill_on_parent_death`), the init gets SIGKILL if the caller dies (the v1
// default); after a detached create (the OCI CLI) the init outlives the
// process that made it.
#ifndef NSINIT_RUNTIME_CONTAINER_H_
#define NSINIT_RUNTIME_CONTAINER_H_

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/stats.h"
#include "runtime/config/spec.h"
#include "runtime/process/child_process.h"
#include "runtime/state/state.h"

namespace nsinit {

inline constexpr char kDefaultStateRoot[] = "/run/nsinit";

struct CreateOptions {
  std::string root = kDefaultStateRoot;  // state of container ID in ROOT/ID
  std::string id;
  std::string bundle;  // absolute; recorded in the state
  bool no_pivot = false;
  // v1's default: SIGKILL the init if the creating process dies. Off for
  // the OCI CLI's create, whose init must outlive it.
  bool kill_on_parent_death = true;
  // The container process's stdin, stdout, stderr (dup'ed into it); -1
  // inherits the caller's. Ignored with process.terminal.
  int stdio[3] = {-1, -1, -1};
  // The caller's fds 3..3+N-1 (not close-on-exec) passed on (runc's
  // --preserve-fds).
  uint32_t preserve_fds = 0;
  // No cgroup at all (crun's --cgroup-manager disabled): linux.resources
  // are not applied and the init stays in the caller's cgroup.
  bool no_cgroups = false;
};

class Container {
 public:
  // Creates the container; its init waits for Start(). Runs the prestart,
  // createRuntime and createContainer hooks (config.hooks); a failing one
  // fails the create, naming the hook. Nothing is left behind on failure
  // (processes, cgroups, state); the poststop hooks then run as after a
  // delete, their failures appended to the error as warnings.
  static absl::StatusOr<Container> Create(const config::Spec& spec, const CreateOptions& options);
  static absl::StatusOr<Container> Load(const std::string& root, const std::string& id);

  Container(Container&&) = default;
  Container& operator=(Container&&) = default;
  // In the creating process, kills an init still running and reaps it,
  // waiting for it only so long (see kInitExitWait in container.cc).
  ~Container();

  const std::string& id() const { return state_.id; }
  pid_t init_pid() const { return state_.pid; }
  // The config the container was made from (for Load: the snapshot in its
  // state directory, never the bundle; valid only when bundle_status() is
  // OK).
  const config::Spec& spec() const { return spec_; }
  const absl::Status& bundle_status() const { return bundle_status_; }
  // The pty master when process.terminal was set (creator only).
  UniqueFd TakeConsole() { return std::move(console_); }

  // Lets the init exec the user's process (after its startContainer
  // hooks), then runs the poststart hooks. Reports an exec or
  // startContainer hook failure; poststart failures go to warnings().
  absl::Status Start();
  // The OCI state, with a live status.
  absl::StatusOr<state::State> State() const;
  absl::Status Signal(int sig, bool all = false) const;
  // Waits for the init to exit (only in the process that created it);
  // returns its exit code, or 128+signal. Meanwhile it reaps the processes
  // exec'd through this object as they exit (their Wait returns what it
  // reaped): a pid namespace's init does not finish exiting before they
  // are reaped, and they are children of this process.
  absl::StatusOr<int> Wait();
  absl::StatusOr<std::vector<pid_t>> Processes() const;
  absl::Status Pause() const;
  absl::Status Resume() const;
  // Runs `process` in the container; returns its owner (to Wait on). It
  // is a child of this process; Wait and Destroy here reap it once it has
  // exited, if its owner has not.
  // `stdio` as in CreateOptions. With process.terminal the pty master is
  // stored in `*console` (required then).
  absl::StatusOr<process::ChildProcess> Exec(const config::Process& process,
                                             const int stdio[3] = nullptr,
                                             UniqueFd* console = nullptr,
                                             uint32_t preserve_fds = 0) const;
  // New limits for a created, running or paused container.
  absl::Status Update(const config::Resources& resources) const;
  // Resource usage of the container as a whole (cgroups).
  absl::StatusOr<cgroups::Stats> Stats() const;
  // Readable when the container may have hit an OOM; OomCount() then tells.
  absl::StatusOr<UniqueFd> OomEventFd() const;
  absl::StatusOr<uint64_t> OomCount() const;
  // Settings accepted at create without effect on this host (creator
  // only), and failed poststart (Start) and poststop (Destroy) hooks.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Kills every process, removes cgroups and state, then runs the poststop
  // hooks (failures go to warnings()). Refuses a running container unless
  // `force`. A Load()ed container runs the hooks it was created with (kept
  // in its state directory), not what its bundle says now.
  absl::Status Destroy(bool force = false);

 private:
  static absl::StatusOr<Container> CreateOrUndo(const config::Spec& spec,
                                                const CreateOptions& options, bool* spawned);
  Container(state::Store store, state::State state, config::Spec spec)
      : store_(std::move(store)), state_(std::move(state)), spec_(std::move(spec)) {}

  // Waits up to `timeout` for the process behind `pidfd` (the init) to
  // finish exiting, reaping the exec'd processes as they exit.
  absl::Status AwaitInit(int pidfd, absl::Duration timeout) const;

  // The processes exec'd through this object, still to be reaped; `wake`
  // (an eventfd, made on first use) tells a waiting AwaitInit of a new one.
  struct ExecChildren {
    // Drops the reapers with nothing left to reap; the states of the rest,
    // held so their pidfds stay open. Called with `mu` held.
    std::vector<std::shared_ptr<process::ChildState>> Prune();

    std::mutex mu;
    std::vector<process::ChildReaper> reapers;
    UniqueFd wake;
  };

  state::Store store_;
  state::State state_;
  config::Spec spec_;
  process::ChildProcess init_;  // set only in the creating process
  std::unique_ptr<ExecChildren> execs_ = std::make_unique<ExecChildren>();
  // The creating process's cgroup manager: it records the parent cgroups
  // its create made, which its delete removes when empty.
  std::optional<cgroups::Manager> cgroups_;
  UniqueFd console_;
  std::vector<std::string> warnings_;
  absl::Status bundle_status_;  // why Load could not read the bundle
};

// Create + Start + Wait with the caller as the init's parent: the v1 way.
// Returns the exit code of the container's process.
absl::StatusOr<int> RunContainer(const config::Spec& spec, const CreateOptions& options);

// The cgroup name of container `id` under state root `root` when the
// config gives no cgroupsPath: the id itself for the default root, else the
// id prefixed by a hash of the root, so two state roots (two test runs, two
// users of the library) never share a cgroup. Derivable from root and id
// alone, so delete --force finds it without a state file.
std::string DefaultCgroupName(const std::string& root, const std::string& id);

// Derives the live status of a saved state from the kernel. `cgroups`, when
// given, is the container's manager (saves finding the hierarchies again).
state::Status LiveStatus(const state::Store& store, const state::State& state,
                         const cgroups::Manager* cgroups = nullptr);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_CONTAINER_H_

#include "runtime/container.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "runtime/base/crash_point.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/stable_hash.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/timings.h"
#include "runtime/base/unix_socket.h"
#include "runtime/cgroups/frozen_kill.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/ownership.h"
#include "runtime/config/oci_config.h"
#include "runtime/hooks/hooks.h"
#include "runtime/linux/syscalls.h"
#include "runtime/network/container_network.h"
#include "runtime/process/plan_builder.h"
#include "runtime/process/seccomp_listener.h"
#include "runtime/process/spawn.h"
#include "runtime/process/sync.h"

namespace nsinit {
namespace {

// The start socket: `start` connects, the waiting init answers. State
// roots can be longer than a unix socket path may be (a test's TMPDIR):
// UnixListen and UnixConnect reach them through /proc/self/fd.
absl::StatusOr<UniqueFd> ListenStartSocket(const std::string& path) {
  return UnixListen(path, SOCK_SEQPACKET, 1);
}

std::string Rfc3339Now() {
  return absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone());
}

// Whether `s.pid`, found with `start_time`, still names the container's
// init: the same start time and, where the state has one, the same pid
// namespace. The start time alone (10 ms ticks) also matches a process
// that took the pid within the tick the init started in (SPEC LIFE-021).
bool IsStillTheInit(const state::State& s, uint64_t start_time) {
  return start_time != 0 && start_time == s.init_start_time &&
         (s.init_pid_ns == 0 || state::PidNamespaceInode(s.pid) == s.init_pid_ns);
}

// Records who the init is: its start time and its pid namespace.
void RecordInit(state::State* s, pid_t pid) {
  s->pid = pid;
  s->init_start_time = state::ProcessStartTime(pid);
  s->init_pid_ns = state::PidNamespaceInode(pid);
}

// Opens a pidfd for the init only if it is still the same process.
absl::StatusOr<UniqueFd> InitPidfd(const state::State& s) {
  UniqueFd fd(sys::PidfdOpen(s.pid, 0));
  // Check after opening: once the pidfd is held the pid cannot be reused
  // under it, so a matching identity means it is our init.
  if (!fd || !IsStillTheInit(s, state::ProcessStartTime(s.pid))) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", s.id, "\" is not running"));
  }
  return fd;
}

// The device cgroup rules a container gets: the config's, then access to
// the devices every container has (OCI config-linux#default-devices, plus
// the console and pty devices, as runc's AllowedDevices), so a "deny all"
// rule still leaves a working /dev. The config's own device nodes get only
// `m`, so the init can create them: a node is no permission to use it, the
// configured rules alone decide that (SPEC DEV-032).
config::Resources EffectiveResources(const config::Spec& spec) {
  config::Resources r = spec.linux.resources.value_or(config::Resources());
  auto allow = [&r](const std::string& type, int64_t major, std::optional<int64_t> minor,
                    const char* access = "rwm") {
    config::DeviceRule rule;
    rule.allow = true;
    rule.type = type;
    rule.major = major;
    rule.minor = minor;
    rule.access = access;
    r.devices.push_back(rule);
  };
  // Always, as runc: a config without rules gets the defaults alone, not
  // every device (both the v1 writer and the v2 program deny what no rule
  // allows), or any node the container could make would be usable.
  for (auto [major, minor] :
       {std::pair{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}}) {
    allow("c", major, minor);
  }
  allow("c", 136, std::nullopt);  // /dev/pts/*
  for (const config::Device& d : spec.linux.devices) {
    if (d.type == 'c' || d.type == 'b') allow(std::string(1, d.type), d.major, d.minor, "m");
  }
  return r;
}

// The snapshot of the validated, effective config a container was created
// from (after defaults and CLI overrides), kept in its state directory
// (atomically, mode 0600): every later verb reads it, never the bundle, so
// editing or removing the bundle's config.json changes nothing of the
// container (exec keeps its seccomp profile, delete its poststop hooks).
constexpr char kConfigSnapshot[] = "config.json";

// How long a delete waits for a killed init to finish exiting once its
// cgroups are empty (Destroy says why it is bounded).
constexpr absl::Duration kInitExitWait = absl::Seconds(2);

absl::Status SaveConfigSnapshot(const state::Store& store, const std::string& id,
                                const config::Spec& spec) {
  return store.WriteFile(id, kConfigSnapshot, config::ToOciJson(spec));
}

absl::StatusOr<config::Spec> LoadConfigSnapshot(const state::Store& store, const std::string& id) {
  absl::StatusOr<std::string> text = store.ReadFile(id, kConfigSnapshot);
  if (!text.ok()) {
    return Annotate(text.status(), absl::StrCat("container \"", id, "\" has no config snapshot"));
  }
  absl::StatusOr<config::Spec> saved = config::ParseOciConfig(*text);
  if (!saved.ok()) {
    return Annotate(saved.status(), absl::StrCat("reading ", store.Dir(id), "/", kConfigSnapshot));
  }
  return saved;
}

// The OCI state a hook reads on its stdin: `status` as of its phase.
std::string HookState(state::State s, state::Status status) {
  s.status = status;
  return state::ToJson(s, /*oci_only=*/true);
}

}  // namespace

// A rootless container made without cgroups (see Create) has an empty
// cgroups_path: a manager with no hierarchy, whose operations fail saying
// so, instead of the default path that could be another container's.
// The hierarchies create saved spare a mountinfo read per command (exec,
// state, pause, delete: 0.1 ms each here), and name the cgroups where they
// were made even if the host mounts another hierarchy since.
static cgroups::Manager CgroupsOf(const state::State& s) {
  if (s.cgroups_path.empty()) return cgroups::Manager("", {});
  if (s.cgroup_hierarchies.empty()) return cgroups::Manager::For(s.cgroups_path, s.id);
  std::vector<cgroups::Hierarchy> hierarchies;
  for (const state::CgroupHierarchy& h : s.cgroup_hierarchies) {
    hierarchies.push_back({h.mount_point, h.controllers, h.v2, h.named});
  }
  return cgroups::Manager(cgroups::Manager::NormalizePath(s.cgroups_path, s.id),
                          std::move(hierarchies));
}

// Like runc: an unprivileged runtime cannot create cgroups without a
// delegated subtree, so a container that asks for no limits and names no
// cgroupsPath gets none (it stays in the caller's cgroup).
static bool RootlessWithoutCgroups(const config::Spec& spec) {
  if (geteuid() == 0 || !spec.linux.cgroups_path.empty()) return false;
  return !spec.linux.resources.has_value() || *spec.linux.resources == config::Resources();
}

std::string DefaultCgroupName(const std::string& root, const std::string& id) {
  if (root == kDefaultStateRoot) return id;
  return StableHashHex(root) + "-" + id;
}

state::Status LiveStatus(const state::Store& store, const state::State& s,
                         const cgroups::Manager* cgroups) {
  // A state directory without state.json: still being created (or a
  // create killed before its first save), until `delete --force`.
  if (!s.has_state_file) return state::Status::kCreating;
  // Gone, a recycled pid, or a zombie init: the container is stopped.
  state::ProcessStat init = s.pid > 0 ? state::ReadProcessStat(s.pid) : state::ProcessStat();
  if (init.state == 'Z' || !IsStillTheInit(s, init.start_time)) {
    return state::Status::kStopped;
  }
  // Saved with the init's pid before prestart/createRuntime hooks run.
  if (s.status == state::Status::kCreating) return state::Status::kCreating;
  if (access(store.StartSocket(s.id).c_str(), F_OK) == 0) return state::Status::kCreated;
  absl::StatusOr<bool> frozen = cgroups != nullptr ? cgroups->Frozen() : CgroupsOf(s).Frozen();
  if (frozen.ok() && *frozen) return state::Status::kPaused;
  return state::Status::kRunning;
}

// OCI runtime#operations: start, kill and exec need a created or running
// container. Checked before taking the lock, which a create in progress
// holds: its own hooks may call the runtime, and must not wait for it.
static absl::Status RefuseCreating(const state::Store& store, const state::State& s,
                                   const char* verb, const cgroups::Manager* cgroups = nullptr) {
  if (LiveStatus(store, s, cgroups) != state::Status::kCreating) return absl::OkStatus();
  if (!s.has_state_file) {
    // No state.json: a create before its first save (no hook has run yet),
    // one killed there, or a delete under way that already unlinked it.
    // Waiting for the lock is safe in each case, and tells a delete apart:
    // it leaves nothing ("does not exist").
    RETURN_IF_ERROR(store.Lock(s.id, /*exclusive=*/false).status());
  }
  return absl::FailedPreconditionError(absl::StrCat("container \"", s.id, "\": cannot ", verb,
                                                    " a container that is still being created"));
}

absl::StatusOr<Container> Container::Create(const config::Spec& spec,
                                            const CreateOptions& options) {
  timings::Mark("create: config parsed");
  bool spawned = false;
  absl::StatusOr<Container> c = CreateOrUndo(spec, options, &spawned);
  if (c.ok() || !spawned || spec.hooks.poststop.empty()) return c;
  // A failed create ends as a delete does (runtime.md lifecycle): once
  // everything is torn down, the poststop hooks run; their failures are
  // only warnings, carried in the error.
  state::State st;
  st.id = options.id;
  st.bundle = options.bundle;
  st.annotations = spec.annotations;
  std::string message(c.status().message());
  for (const std::string& w : hooks::RunHooksWarn(hooks::HookKind::kPoststop, spec.hooks.poststop,
                                                  HookState(st, state::Status::kStopped))) {
    absl::StrAppend(&message, "; warning: ", w);
  }
  return absl::Status(c.status().code(), message);
}

absl::StatusOr<Container> Container::CreateOrUndo(const config::Spec& spec,
                                                  const CreateOptions& options, bool* spawned) {
  state::Store store(options.root);
  // Held until the container is created (or undone): no other verb sees a
  // half-made container, and a second create of the ID fails at mkdir.
  ASSIGN_OR_RETURN(UniqueFd lock, store.CreateDirLocked(options.id));
  CrashPoint("create.state_dir_made");
  // From here on, every failure removes what was made.
  cgroups::Manager cgroups =
      cgroups::Manager::For(spec.linux.cgroups_path, DefaultCgroupName(options.root, options.id));
  bool cgroups_made = false;
  bool no_cgroups = options.no_cgroups || RootlessWithoutCgroups(spec);
  pid_t network_pid = 0;  // set once the init's network is set up
  absl::Cleanup undo = [&] {
    if (network_pid > 0) (void)network::TearDownNetworkForChild(store.Dir(options.id), network_pid);
    if (cgroups_made) (void)cgroups.Destroy();
    (void)store.Remove(options.id);
  };

  state::State st;
  st.id = options.id;
  st.bundle = options.bundle;
  st.annotations = spec.annotations;
  st.rootfs = spec.root.path;
  st.cgroups_path = no_cgroups ? "" : cgroups.path();
  if (!no_cgroups) {
    for (const cgroups::Hierarchy& h : cgroups.hierarchies()) {
      st.cgroup_hierarchies.push_back({h.mount_point, h.controllers, h.v2, h.named});
    }
  }
  st.created = Rfc3339Now();
  st.status = state::Status::kCreating;
  // The first state.json names the cgroups before any of them exists, so
  // `delete --force` finds them even if this process is killed halfway;
  // it is written while the init re-executes (with its pid), or before the
  // clone where the init is cloned into its cgroup. Until then the state
  // directory alone says "creating".
  auto save_first_state = [&](pid_t pid) -> absl::Status {
    if (pid > 0) RecordInit(&st, pid);
    RETURN_IF_ERROR(store.Save(st));
    CrashPoint("create.state_written");
    if (!no_cgroups) {
      // Before cgroups_made: a failed create's undo would kill what runs there.
      RETURN_IF_ERROR(Annotate(cgroups.CheckUnused(), "cgroups"));
      timings::Mark("create: cgroups checked unused");
    }
    return absl::OkStatus();
  };

  process::PlanOptions plan_options;
  plan_options.bundle = options.bundle;
  plan_options.no_pivot = options.no_pivot;
  plan_options.wait_for_start = true;
  plan_options.pdeathsig = options.kill_on_parent_death ? SIGKILL : 0;
  // Only v1 hierarchies under /sys/fs/cgroup are shown as binds. The
  // manager knows which are v1 from mountinfo: no statfs of each.
  for (const cgroups::Hierarchy& h :
       no_cgroups ? std::vector<cgroups::Hierarchy>() : cgroups.v1_hierarchies()) {
    std::string dir = h.mount_point + cgroups.path();
    if (absl::StartsWith(dir, "/sys/fs/cgroup/")) plan_options.cgroup_v1_dirs.push_back(dir);
  }
  ASSIGN_OR_RETURN(process::BuiltPlan built, process::BuildInitPlan(spec, plan_options));
  timings::Mark("create: plan built");
  std::vector<std::string> built_warnings = built.warnings;
  // The network is set up by the parent at the hooks' sync point, where
  // the init waits with its namespaces made.
  if (network::NeedsNetworkSetUp(spec)) built.plan.sync_hooks = true;
  built.plan.preserve_fds = options.preserve_fds;

  ASSIGN_OR_RETURN(UniqueFd listener, ListenStartSocket(store.StartSocket(options.id)));
  CrashPoint("create.start_socket_made");

  process::SpawnOptions spawn_options;
  spawn_options.start_listener = std::move(listener);
  std::copy(options.stdio, options.stdio + 3, spawn_options.stdio);
  // Makes the cgroups with their limits (and hands a v2 cgroup to the
  // container's root, SPEC CG-042); with `clone_into_only`, only the
  // directory the init is cloned into, before the clone.
  auto make_cgroups = [&](bool clone_into_only) -> absl::Status {
    cgroups_made = true;
    config::Resources resources = EffectiveResources(spec);
    absl::Status made =
        clone_into_only ? cgroups.CreateCloneIntoDir(&resources) : cgroups.Create(&resources);
    if (!made.ok() && geteuid() != 0) {
      return Annotate(made, absl::StrCat("cgroups (rootless: ", cgroups.path(),
                                         " needs a cgroup delegated to this user)"));
    }
    RETURN_IF_ERROR(Annotate(made, "cgroups"));
    if (clone_into_only) return absl::OkStatus();
    CrashPoint("create.cgroups_made");
    if (std::optional<uid_t> owner = cgroups::CgroupOwner(spec, cgroups.mode())) {
      RETURN_IF_ERROR(Annotate(cgroups::ChownCgroup(cgroups.Directories().back(), *owner),
                               "cgroups: handing the cgroup to the container's root"));
    }
    return absl::OkStatus();
  };
  // The v2 cgroup is made first and the init is cloned into it: no
  // cgroup.procs write, so no wait for an RCU grace period. On a pure v2
  // host that is all of them. v1 cgroups are made while the init
  // re-executes and makes its namespaces (spawn.h), and it joins them
  // itself (cgroups_child.h); it waits for them before anything that
  // depends on them.
  const bool clone_into = !no_cgroups && !cgroups.CloneIntoDir().empty();
  const bool all_before_clone = clone_into && cgroups.mode() == cgroups::CgroupMode::kUnified;
  if (clone_into) {
    RETURN_IF_ERROR(save_first_state(0));
    RETURN_IF_ERROR(make_cgroups(/*clone_into_only=*/!all_before_clone));
    absl::StatusOr<UniqueFd> dir = cgroups.OpenCloneIntoDir();
    if (!dir.ok()) return Annotate(dir.status(), "cgroups");
    spawn_options.clone_into_cgroup = *std::move(dir);
  }
  spawn_options.join_cgroups = [&](pid_t pid,
                                   bool in_cgroup) -> absl::StatusOr<std::vector<UniqueFd>> {
    // The init is cloned with its namespaces (and id maps) and has its plan.
    CrashPoint("create.process_cloned");
    if (!clone_into) RETURN_IF_ERROR(save_first_state(pid));
    if (no_cgroups) return std::vector<UniqueFd>();
    if (!all_before_clone) RETURN_IF_ERROR(make_cgroups(/*clone_into_only=*/false));
    absl::StatusOr<std::vector<UniqueFd>> files = cgroups.JoinClonedProcess(pid, in_cgroup);
    if (!files.ok()) return Annotate(files.status(), "cgroups");
    CrashPoint("create.process_in_cgroups");
    return files;
  };
  // Needed from `created` on (exec, the hooks of later verbs).
  spawn_options.while_child_mounts = [&]() -> absl::Status {
    RETURN_IF_ERROR(SaveConfigSnapshot(store, options.id, spec));
    CrashPoint("create.config_saved");
    return absl::OkStatus();
  };
  ASSIGN_OR_RETURN(spawn_options.seccomp_listener, ConnectSeccompListenerFor(spec, built));
  const bool notify = static_cast<bool>(spawn_options.seccomp_listener);
  // What the init sends or hands over reads the state with its pid: the
  // seccomp listener's, and the hooks' (the runtime's own hooks, prestart
  // and createRuntime, run while `state` says "creating").
  spawn_options.complete_plan = [&, notify](pid_t pid, process::InitPlan* plan) {
    state::State with_pid = st;
    with_pid.pid = pid;
    if (notify) {
      plan->seccomp_listener_state =
          SeccompProcessState(with_pid, pid, spec.linux.seccomp->listener_metadata);
    }
    if (plan->create_container_hooks.empty() && plan->start_container_hooks.empty()) return;
    plan->create_hook_state = HookState(with_pid, state::Status::kCreating);
    plan->start_hook_state = HookState(with_pid, state::Status::kCreated);
  };
  spawn_options.run_hooks = [&](pid_t pid) -> absl::Status {
    // The child's mounts are done; it waits for the runtime's hooks.
    CrashPoint("create.mounts_done");
    RecordInit(&st, pid);
    RETURN_IF_ERROR(store.Save(st));
    CrashPoint("create.pid_written");
    if (network::NeedsNetworkSetUp(spec)) {
      RETURN_IF_ERROR(network::SetUpNetworkForChild(spec, pid, store.Dir(options.id)));
      network_pid = pid;
    }
    std::string state_json = HookState(st, state::Status::kCreating);
    absl::Status hooked =
        hooks::RunHooks(hooks::HookKind::kPrestart, spec.hooks.prestart, state_json);
    if (hooked.ok()) {
      hooked =
          hooks::RunHooks(hooks::HookKind::kCreateRuntime, spec.hooks.create_runtime, state_json);
    }
    // Undone while the init (and so its namespace) still lives: a moved
    // device would otherwise be lost with it.
    if (!hooked.ok() && network_pid > 0) {
      (void)network::TearDownNetworkForChild(store.Dir(options.id), pid);
      network_pid = 0;
    }
    if (hooked.ok()) CrashPoint("create.hooks_run");
    return hooked;
  };
  *spawned = true;
  absl::StatusOr<process::Spawned> spawned_child =
      process::Spawn(std::move(built), std::move(spawn_options));
  if (!spawned_child.ok()) return Annotate(spawned_child.status(), "creating the container");
  process::Spawned* child = &*spawned_child;
  CrashPoint("create.init_ready");

  if (st.pid != child->child.pid()) RecordInit(&st, child->child.pid());  // not saved yet
  st.status = state::Status::kCreated;
  RETURN_IF_ERROR(store.Save(st));
  CrashPoint("create.created");
  std::move(undo).Cancel();

  Container c(store, st, spec);
  c.console_ = std::move(child->console);
  c.warnings_ = built_warnings;
  c.warnings_.insert(c.warnings_.end(), cgroups.warnings().begin(), cgroups.warnings().end());
  if (!no_cgroups) c.cgroups_ = std::move(cgroups);
  if (options.kill_on_parent_death) {
    c.init_ = std::move(child->child);
  } else {
    child->child.Release();
  }
  return c;
}

absl::StatusOr<Container> Container::Load(const std::string& root, const std::string& id) {
  state::Store store(root);
  ASSIGN_OR_RETURN(state::State st, store.Load(id));
  // Only the state directory: the snapshot create saved, never the bundle
  // as it is now. A container without one (a create killed before it was
  // saved) can still be signalled, inspected and deleted; what needs the
  // config (exec) reports why it is missing.
  absl::StatusOr<config::Spec> snapshot = LoadConfigSnapshot(store, id);
  config::Spec spec = snapshot.ok() ? *std::move(snapshot) : config::Spec();
  spec.root.path = st.rootfs;
  spec.linux.cgroups_path = st.cgroups_path;
  Container c(store, st, std::move(spec));
  c.bundle_status_ = snapshot.status();
  if (!snapshot.ok() && st.status != state::Status::kCreating) {
    c.warnings_.push_back(absl::StrCat("hooks not run: ", snapshot.status().message()));
  }
  return c;
}

absl::Status Container::Start() {
  // A container still being created is refused before waiting for the
  // lock its create holds (a hook of that create may be the caller).
  RETURN_IF_ERROR(RefuseCreating(store_, state_, "start"));
  // One start at a time, and none against a delete: the loser sees the
  // winner's result (running, or gone).
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id()));
  state::Status status = LiveStatus(store_, state_);
  if (status != state::Status::kCreated) {
    // runc's wording, which scripts match on.
    const char* why =
        status == state::Status::kRunning   ? "cannot start an already running container"
        : status == state::Status::kStopped ? "cannot start a container that has stopped"
                                            : "cannot start a container that is not created";
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\": ", why, " (it is ",
                                                      state::StatusName(status), ", not created)"));
  }
  timings::Mark("start: locked, status read");
  std::string path = store_.StartSocket(id());
  ASSIGN_OR_RETURN(UniqueFd fd, UnixConnect(path, SOCK_SEQPACKET));
  CrashPoint("start.connected");
  unlink(path.c_str());
  CrashPoint("start.socket_removed");
  // EOF: the init exec'd the process; a record: what failed instead.
  ASSIGN_OR_RETURN(process::Received r, process::ReceiveMessage(fd.get()));
  CrashPoint("start.handshake_done");
  lock.reset();  // a poststart hook may call the runtime on this container
  if (!r.eof) {
    if (static_cast<process::SyncType>(r.message.type) == process::SyncType::kError) {
      return Annotate(process::ChildErrorToStatus(r.message), "starting the container");
    }
    return absl::InternalError("start: unexpected message from the init");
  }
  // The user's process runs; poststart failures do not undo that.
  for (std::string& w : hooks::RunHooksWarn(hooks::HookKind::kPoststart, spec_.hooks.poststart,
                                            HookState(state_, state::Status::kRunning))) {
    warnings_.push_back(std::move(w));
  }
  return absl::OkStatus();
}

absl::StatusOr<state::State> Container::State() const {
  state::State s = state_;
  s.status = LiveStatus(store_, s);
  return s;
}

absl::Status Container::Signal(int sig, bool all) const {
  RETURN_IF_ERROR(RefuseCreating(store_, state_, "kill"));
  // Shared: kills may run side by side, but not against a delete.
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id(), /*exclusive=*/false));
  // A stopped container gets no signal, with or without --all (SPEC
  // LIFE-020): what is left in its cgroup is no longer the container, and
  // an exited init that nobody reaped yet could still be signalled.
  if (LiveStatus(store_, state_) == state::Status::kStopped) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not running"));
  }
  if (all) {
    ASSIGN_OR_RETURN(std::vector<pid_t> pids, Processes());
    for (pid_t pid : pids) {
      UniqueFd fd(sys::PidfdOpen(pid, 0));
      if (fd) sys::PidfdSendSignal(fd.get(), sig, 0);
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(UniqueFd fd, InitPidfd(state_));
  if (sys::PidfdSendSignal(fd.get(), sig, 0) != 0) {
    return LastErrnoStatus(
        absl::StrCat("sending signal ", sig, " to the init (pid ", state_.pid, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Container::Wait() {
  if (init_.pid() <= 0) {
    return absl::FailedPreconditionError(
        "wait: only the process that created the container can wait for it");
  }
  RETURN_IF_ERROR(AwaitInit(init_.pidfd(), absl::InfiniteDuration()));
  return init_.Wait();
}

std::vector<std::shared_ptr<process::ChildState>> Container::ExecChildren::Prune() {
  std::vector<std::shared_ptr<process::ChildState>> pending;
  std::erase_if(reapers, [&pending](const process::ChildReaper& r) {
    std::shared_ptr<process::ChildState> s = r.Pending();
    if (!s) return true;  // its owner is gone, released it or reaped it
    pending.push_back(std::move(s));
    return false;
  });
  return pending;
}

absl::Status Container::AwaitInit(int pidfd, absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  std::vector<std::shared_ptr<process::ChildState>> execs;
  std::vector<pollfd> fds;
  for (;;) {
    execs.clear();
    fds.assign(1, pollfd{pidfd, POLLIN, 0});
    if (execs_ != nullptr) {
      std::lock_guard<std::mutex> lock(execs_->mu);
      if (!execs_->wake) execs_->wake.reset(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
      fds.push_back({execs_->wake.get(), POLLIN, 0});
      execs = execs_->Prune();
    }
    for (const auto& s : execs) fds.push_back({s->pidfd.get(), POLLIN, 0});
    const int ms = deadline == absl::InfiniteFuture()
                       ? -1
                       : static_cast<int>(std::max<int64_t>(
                             0, absl::ToInt64Milliseconds(
                                    absl::Ceil(deadline - absl::Now(), absl::Milliseconds(1)))));
    const int n = poll(fds.data(), fds.size(), ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrnoStatus("poll on the init's pidfd");
    }
    if (fds[0].revents != 0) return absl::OkStatus();
    if (n == 0) {
      return absl::DeadlineExceededError(
          absl::StrCat("has not finished exiting within ", absl::FormatDuration(timeout)));
    }
    if (fds.size() > 1 && fds[1].revents != 0) {
      uint64_t count;
      (void)!read(fds[1].fd, &count, sizeof(count));
    }
    for (size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents != 0) process::ChildReaper::ReapIfExited(*execs[i - 2]);
    }
  }
}

absl::StatusOr<std::vector<pid_t>> Container::Processes() const { return CgroupsOf(state_).Pids(); }

absl::Status Container::Pause() const {
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id()));
  // Only a running container: a paused one, or one whose init is gone or a
  // zombie, is refused as runc refuses it. One manager for the check and
  // the freeze: finding the hierarchies reads mountinfo, and pause/resume
  // is benchmarked (bench/).
  cgroups::Manager cgroups = CgroupsOf(state_);
  if (LiveStatus(store_, state_, &cgroups) != state::Status::kRunning) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not running"));
  }
  return cgroups.Freeze(true);
}

absl::Status Container::Resume() const {
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id()));
  cgroups::Manager cgroups = CgroupsOf(state_);
  if (absl::StatusOr<bool> frozen = cgroups.Frozen(); !frozen.ok() || !*frozen) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not paused"));
  }
  return cgroups.Freeze(false);
}

absl::Status Container::Update(const config::Resources& resources) const {
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id()));
  if (LiveStatus(store_, state_) == state::Status::kStopped) {
    return absl::FailedPreconditionError(
        absl::StrCat("container \"", id(), "\" is not running: nothing to update"));
  }
  return CgroupsOf(state_).Update(resources);
}

absl::StatusOr<cgroups::Stats> Container::Stats() const {
  ASSIGN_OR_RETURN(cgroups::Stats stats, CgroupsOf(state_).GetStats());
  // The network part (v1 statistics): the interfaces the runtime set up.
  absl::StatusOr<UniqueFd> init = InitPidfd(state_);
  absl::StatusOr<std::vector<network::InterfaceStats>> net =
      network::ReadNetworkStats(store_.Dir(id()), init.ok() ? state_.pid : 0);
  if (net.ok()) {
    for (const network::InterfaceStats& i : *net) {
      const network::LinkStats& l = i.stats;
      stats.network_interfaces.push_back({i.name, l.rx_bytes, l.rx_packets, l.rx_errors,
                                          l.rx_dropped, l.tx_bytes, l.tx_packets, l.tx_errors,
                                          l.tx_dropped});
    }
  }
  return stats;
}

absl::StatusOr<UniqueFd> Container::OomEventFd() const { return CgroupsOf(state_).OomEventFd(); }

absl::StatusOr<uint64_t> Container::OomCount() const { return CgroupsOf(state_).ReadOomCount(); }

absl::StatusOr<process::ChildProcess> Container::Exec(const config::Process& proc,
                                                      const int stdio[3], UniqueFd* console,
                                                      uint32_t preserve_fds) const {
  if (proc.terminal && console == nullptr) {
    return absl::InvalidArgumentError(
        "process.terminal: exec needs somewhere to put the pty master");
  }
  // One reading of the host's cgroup layout for the status checks and the
  // join below.
  cgroups::Manager cgroups = CgroupsOf(state_);
  RETURN_IF_ERROR(RefuseCreating(store_, state_, "exec", &cgroups));
  // Shared: execs run side by side, but never into a container being deleted.
  ASSIGN_OR_RETURN(UniqueFd lock, store_.Lock(id(), /*exclusive=*/false));
  if (!bundle_status_.ok()) return bundle_status_;
  state::Status status = LiveStatus(store_, state_, &cgroups);
  if (status != state::Status::kRunning && status != state::Status::kCreated) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\": cannot exec in a ",
                                                      state::StatusName(status), " container"));
  }
  timings::Mark("exec: locked, status read");
  ASSIGN_OR_RETURN(process::BuiltPlan built, process::BuildExecPlan(spec_, proc, state_.pid));
  timings::Mark("exec: plan built");
  built.plan.preserve_fds = preserve_fds;
  process::SpawnOptions options;
  if (stdio != nullptr) std::copy(stdio, stdio + 3, options.stdio);
  // Cloned straight into the container's v2 cgroup (as create does), or
  // moved there if the kernel refuses; the v1 ones it joins itself.
  if (!state_.cgroups_path.empty()) {
    absl::StatusOr<UniqueFd> dir = cgroups.OpenCloneIntoDir();
    if (dir.ok()) options.clone_into_cgroup = *std::move(dir);
  }
  options.join_cgroups = [&](pid_t pid, bool in_cgroup) -> absl::StatusOr<std::vector<UniqueFd>> {
    if (state_.cgroups_path.empty()) return std::vector<UniqueFd>();
    absl::StatusOr<std::vector<UniqueFd>> files = cgroups.JoinClonedProcess(pid, in_cgroup);
    if (!files.ok()) return Annotate(files.status(), "cgroups");
    return files;
  };
  state::State st = state_;
  st.status = status;
  ASSIGN_OR_RETURN(options.seccomp_listener, ConnectSeccompListenerFor(spec_, built));
  if (options.seccomp_listener) {
    options.complete_plan = [&](pid_t pid, process::InitPlan* plan) {
      plan->seccomp_listener_state =
          SeccompProcessState(st, pid, spec_.linux.seccomp->listener_metadata);
    };
  }
  ASSIGN_OR_RETURN(process::Spawned spawned, process::Spawn(std::move(built), std::move(options)));
  CrashPoint("exec.process_cloned");
  RETURN_IF_ERROR(Annotate(process::WaitForExec(spawned), "exec"));
  CrashPoint("exec.done");
  if (console != nullptr) *console = std::move(spawned.console);
  if (execs_ != nullptr) {
    std::lock_guard<std::mutex> lock(execs_->mu);
    (void)execs_->Prune();  // keeps the list as long as what is left to reap
    execs_->reapers.push_back(spawned.child.Reaper());
    if (execs_->wake) (void)!eventfd_write(execs_->wake.get(), 1);
  }
  return std::move(spawned.child);
}

Container::~Container() {
  if (init_.pid() <= 0 || init_.Reaped()) return;
  // Killed and reaped, but not waited for without end: an init held by a
  // process of its namespace that only our caller can reap is left to it.
  (void)init_.Signal(SIGKILL);
  if (AwaitInit(init_.pidfd(), kInitExitWait).ok()) {
    (void)init_.Wait();
  } else {
    (void)init_.Release();
  }
}

absl::Status Container::Destroy(bool force) {
  // A created container may go (as runc allows, SPEC LIFE-024); one whose
  // create is still running its hooks may not, or it would be torn down
  // under the runtime creating it. Checked before waiting for the lock too,
  // so a delete from a create's own hook is refused instead of waiting.
  // With force nothing is refused, and the live status (the init's
  // /proc/PID/stat, the start socket, the freezer) is not read at all.
  auto refused = [&](state::Status status) {
    if (status != state::Status::kRunning && status != state::Status::kPaused &&
        status != state::Status::kCreating) {
      return absl::OkStatus();
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot delete container \"", id(), "\" that is not stopped: ", state::StatusName(status),
        " (stop it first or use --force)"));
  };
  // One manager for the whole delete: the creating process's own (it knows
  // which parent cgroups it made, and removes them when empty), else one
  // from the state's saved hierarchies.
  cgroups::Manager cg = cgroups_ && cgroups_->path() == state_.cgroups_path ? *std::move(cgroups_)
                                                                            : CgroupsOf(state_);
  cgroups_.reset();
  if (!force) RETURN_IF_ERROR(refused(LiveStatus(store_, state_, &cg)));
  // The state as it is once no other verb (a create still running, a
  // start, an exec) holds the container: exactly one delete removes it,
  // the others find it gone (with --force that is success, as runc has it).
  absl::StatusOr<UniqueFd> lock = store_.Lock(id());
  if (!lock.ok()) {
    return force && lock.status().code() == absl::StatusCode::kNotFound ? absl::OkStatus()
                                                                        : lock.status();
  }
  if (absl::StatusOr<state::State> fresh = store_.Load(id()); fresh.ok()) {
    if (fresh->cgroups_path != state_.cgroups_path) cg = CgroupsOf(*fresh);
    state_ = *std::move(fresh);
  }
  CrashPoint("delete.locked");
  if (!force) RETURN_IF_ERROR(refused(LiveStatus(store_, state_, &cg)));
  absl::Status result;
  // Held to the end: the pidfd keeps the init's pid from being reused.
  absl::StatusOr<UniqueFd> init = InitPidfd(state_);
  // Before the init dies: its namespace is where moved devices are fetched
  // back from.
  result.Update(network::TearDownNetworkForChild(store_.Dir(id()), init.ok() ? state_.pid : 0));
  // An init frozen by a v1 freezer (its own cgroup's or, moved there,
  // another's) ignores SIGKILL until thawed: kill it past the freezer.
  if (init.ok()) {
    // Without a cgroup of its own the init may still sit in a foreign one.
    const std::vector<cgroups::Hierarchy> hierarchies =
        state_.cgroups_path.empty() ? cgroups::DetectHierarchies() : cg.v1_hierarchies();
    result.Update(Annotate(cgroups::KillThroughFreezer(init->get(), state_.pid, hierarchies),
                           "killing the init"));
  }
  timings::Mark("delete: network down, init killed");
  // Kill and reap our own child first, so no zombie holds the init's pid.
  absl::Status init_gone;
  if (init_.pid() > 0 && !init_.Reaped()) {
    (void)init_.Signal(SIGKILL);
    init_gone = AwaitInit(init_.pidfd(), kInitExitWait);
    if (init_gone.ok()) {
      (void)init_.Wait();
    } else {
      (void)init_.Release();  // left to our caller, as in ~Container
    }
    timings::Mark("delete: own child reaped");
  }
  if (state_.cgroups_path.empty()) {
    // No cgroup to kill everything in: the init, and with it its pid namespace.
    if (init.ok()) sys::PidfdSendSignal(init->get(), SIGKILL, 0);
  } else {
    result.Update(Annotate(cg.Destroy(), "removing cgroups"));
    CrashPoint("delete.cgroups_removed");
  }
  // An empty cgroup does not mean a dead init: the init leaves its cgroups
  // before it finishes exiting, and as a pid namespace's init it then waits
  // for every other process of the namespace to be reaped. A delete returns
  // once the init is gone (SPEC LIFE-025), reaping meanwhile what was
  // exec'd through this object, but waits only so long: a process of the
  // namespace whose parent is outside it (the orphan of a killed `exec`)
  // may be reaped only by our own caller, who is waiting for us.
  if (init.ok() && init_gone.ok()) init_gone = AwaitInit(init->get(), kInitExitWait);
  if (!init_gone.ok()) {
    warnings_.push_back(absl::StrCat("the init pid ", state_.pid, " ", init_gone.message(),
                                     " of SIGKILL (a process of its pid namespace is not "
                                     "reaped yet?)"));
  }
  timings::Mark("delete: init gone");
  // A cgroup that could not be removed keeps the state, so that a later
  // delete finds it and can finish.
  if (!result.ok()) return result;
  result.Update(store_.Remove(id()));
  CrashPoint("delete.state_removed");
  lock->reset();  // a poststop hook may call the runtime
  // Deleted: poststop hooks run last; their failures are only warnings.
  for (std::string& w : hooks::RunHooksWarn(hooks::HookKind::kPoststop, spec_.hooks.poststop,
                                            HookState(state_, state::Status::kStopped))) {
    warnings_.push_back(std::move(w));
  }
  return result;
}

absl::StatusOr<int> RunContainer(const config::Spec& spec, const CreateOptions& options) {
  CreateOptions o = options;
  o.kill_on_parent_death = true;
  ASSIGN_OR_RETURN(Container c, Container::Create(spec, o));
  absl::Cleanup destroy = [&c] { (void)c.Destroy(true); };
  RETURN_IF_ERROR(c.Start());
  return c.Wait();
}

}  // namespace nsinit

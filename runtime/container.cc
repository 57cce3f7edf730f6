#include "runtime/container.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/stable_hash.h"
#include "runtime/base/status_macros.h"
#include "runtime/cgroups/manager.h"
#include "runtime/config/oci_config.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/plan_builder.h"
#include "runtime/process/spawn.h"
#include "runtime/process/sync.h"

namespace nsinit {
namespace {

// sockaddr_un holds 108 bytes, and state roots can be long (a test's
// TMPDIR, say): bind and connect through /proc/self/fd/N/<name> of the
// directory instead, which is always short.
struct ShortSocketPath {
  UniqueFd dir;
  struct sockaddr_un addr = {};
};

absl::StatusOr<ShortSocketPath> ShortPath(const std::string& path) {
  ShortSocketPath out;
  size_t slash = path.rfind('/');
  std::string dir = path.substr(0, slash);
  out.dir.reset(open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!out.dir) return LastErrnoStatus(absl::StrCat("open ", dir));
  std::string short_path = absl::StrCat("/proc/self/fd/", out.dir.get(), "/", path.substr(slash + 1));
  out.addr.sun_family = AF_UNIX;
  if (short_path.size() >= sizeof(out.addr.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat("socket name too long: ", path));
  }
  memcpy(out.addr.sun_path, short_path.c_str(), short_path.size() + 1);
  return out;
}

absl::StatusOr<UniqueFd> ListenStartSocket(const std::string& path) {
  UniqueFd fd(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!fd) return LastErrnoStatus("socket AF_UNIX for the start socket");
  ASSIGN_OR_RETURN(ShortSocketPath where, ShortPath(path));
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&where.addr), sizeof(where.addr)) != 0) {
    return LastErrnoStatus(absl::StrCat("bind ", path));
  }
  if (listen(fd.get(), 1) != 0) return LastErrnoStatus(absl::StrCat("listen ", path));
  return fd;
}

std::string Rfc3339Now() { return absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone()); }

bool InitAlive(const state::State& s) {
  return s.pid > 0 && state::ProcessStartTime(s.pid) == s.init_start_time;
}

// Opens a pidfd for the init only if it is still the same process.
absl::StatusOr<UniqueFd> InitPidfd(const state::State& s) {
  UniqueFd fd(sys::PidfdOpen(s.pid, 0));
  // Check after opening: once the pidfd is held the pid cannot be reused
  // under it, so a matching start time means it is our init.
  if (!fd || state::ProcessStartTime(s.pid) != s.init_start_time) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", s.id, "\" is not running"));
  }
  return fd;
}

// The device cgroup rules a container gets: the config's, then access to
// the devices every container has (OCI config-linux#default-devices, plus
// the console and pty devices) and to the config's own device nodes, so a
// "deny all" rule still leaves a working /dev.
config::Resources EffectiveResources(const config::Spec& spec) {
  config::Resources r = spec.linux.resources.value_or(config::Resources());
  auto allow = [&r](const std::string& type, int64_t major, std::optional<int64_t> minor) {
    config::DeviceRule rule;
    rule.allow = true;
    rule.type = type;
    rule.major = major;
    rule.minor = minor;
    rule.access = "rwm";
    r.devices.push_back(rule);
  };
  if (!r.devices.empty()) {
    for (auto [major, minor] : {std::pair{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}}) {
      allow("c", major, minor);
    }
    allow("c", 136, std::nullopt);  // /dev/pts/*
    for (const config::Device& d : spec.linux.devices) {
      if (d.type == 'c' || d.type == 'b') allow(std::string(1, d.type), d.major, d.minor);
    }
  }
  return r;
}

}  // namespace

std::string DefaultCgroupName(const std::string& root, const std::string& id) {
  if (root == kDefaultStateRoot) return id;
  return StableHashHex(root) + "-" + id;
}

std::string LiveStatus(const state::Store& store, const state::State& s) {
  // Gone, a recycled pid, or a zombie init: the container is stopped.
  state::ProcessStat init = s.pid > 0 ? state::ReadProcessStat(s.pid) : state::ProcessStat();
  if (init.start_time != s.init_start_time || init.state == 'Z' || init.start_time == 0) {
    return "stopped";
  }
  if (access(store.StartSocket(s.id).c_str(), F_OK) == 0) return "created";
  absl::StatusOr<bool> frozen = cgroups::Manager::For(s.cgroups_path, s.id).Frozen();
  if (frozen.ok() && *frozen) return "paused";
  return "running";
}

absl::StatusOr<Container> Container::Create(const config::Spec& spec, const CreateOptions& options) {
  state::Store store(options.root);
  RETURN_IF_ERROR(store.CreateDir(options.id));
  // From here on, every failure removes what was made.
  cgroups::Manager cgroups =
      cgroups::Manager::For(spec.linux.cgroups_path, DefaultCgroupName(options.root, options.id));
  bool cgroups_made = false;
  absl::Cleanup undo = [&] {
    if (cgroups_made) (void)cgroups.Destroy();
    (void)store.Remove(options.id);
  };

  state::State st;
  st.id = options.id;
  st.bundle = options.bundle;
  st.annotations = spec.annotations;
  st.rootfs = spec.root.path;
  st.cgroups_path = cgroups.path();
  st.created = Rfc3339Now();
  st.status = "creating";
  // Saved before anything else exists, so `delete --force` can find the
  // cgroups even if this process is killed halfway.
  RETURN_IF_ERROR(store.Save(st));

  process::PlanOptions plan_options;
  plan_options.bundle = options.bundle;
  plan_options.no_pivot = options.no_pivot;
  plan_options.wait_for_start = true;
  plan_options.pdeathsig = options.kill_on_parent_death ? SIGKILL : 0;
  for (const std::string& dir : cgroups.Directories()) {
    // Only v1 hierarchies under /sys/fs/cgroup are shown as binds.
    struct statfs fs;
    std::string mount = dir.substr(0, dir.size() - cgroups.path().size());
    if (statfs(mount.c_str(), &fs) == 0 && fs.f_type == CGROUP_SUPER_MAGIC &&
        absl::StartsWith(dir, "/sys/fs/cgroup/")) {
      plan_options.cgroup_v1_dirs.push_back(dir);
    }
  }
  ASSIGN_OR_RETURN(process::BuiltPlan built, process::BuildInitPlan(spec, plan_options));

  RETURN_IF_ERROR(Annotate(cgroups.CheckUnused(), "cgroups"));
  cgroups_made = true;
  config::Resources resources = EffectiveResources(spec);
  RETURN_IF_ERROR(Annotate(cgroups.Create(&resources), "cgroups"));
  ASSIGN_OR_RETURN(UniqueFd listener, ListenStartSocket(store.StartSocket(options.id)));

  process::SpawnOptions spawn_options;
  spawn_options.start_listener = std::move(listener);
  std::copy(options.stdio, options.stdio + 3, spawn_options.stdio);
  spawn_options.before_go = [&](pid_t pid) { return Annotate(cgroups.AddProcess(pid), "cgroups"); };
  absl::StatusOr<process::Spawned> spawned = process::Spawn(std::move(built), std::move(spawn_options));
  if (!spawned.ok()) return Annotate(spawned.status(), "creating the container");

  st.pid = spawned->child.pid();
  st.init_start_time = state::ProcessStartTime(st.pid);
  st.status = "created";
  RETURN_IF_ERROR(store.Save(st));
  std::move(undo).Cancel();

  Container c(store, st, spec);
  c.console_ = std::move(spawned->console);
  c.warnings_ = cgroups.warnings();
  if (options.kill_on_parent_death) {
    c.init_ = std::move(spawned->child);
  } else {
    spawned->child.Release();
  }
  return c;
}

absl::StatusOr<Container> Container::Load(const std::string& root, const std::string& id) {
  state::Store store(root);
  ASSIGN_OR_RETURN(state::State st, store.Load(id));
  // A missing bundle does not stop signal, state or delete; it is kept to
  // report to what needs the config (exec).
  config::Spec spec;
  absl::Status bundle_status = absl::FailedPreconditionError("the container has no bundle");
  if (!st.bundle.empty()) {
    absl::StatusOr<config::Spec> loaded = config::LoadOciBundle(st.bundle);
    bundle_status = loaded.status();
    if (loaded.ok()) spec = *std::move(loaded);
  }
  spec.root.path = st.rootfs;
  spec.linux.cgroups_path = st.cgroups_path;
  Container c(store, st, std::move(spec));
  c.bundle_status_ = std::move(bundle_status);
  return c;
}

absl::Status Container::Start() {
  std::string status = LiveStatus(store_, state_);
  if (status != "created") {
    return absl::FailedPreconditionError(
        absl::StrCat("container \"", id(), "\" cannot be started: it is ", status, ", not created"));
  }
  std::string path = store_.StartSocket(id());
  UniqueFd fd(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!fd) return LastErrnoStatus("socket AF_UNIX");
  ASSIGN_OR_RETURN(ShortSocketPath where, ShortPath(path));
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&where.addr), sizeof(where.addr)) != 0) {
    return LastErrnoStatus(absl::StrCat("connect ", path));
  }
  unlink(path.c_str());
  // EOF: the init exec'd the process; a record: what failed instead.
  ASSIGN_OR_RETURN(process::Received r, process::ReceiveMessage(fd.get()));
  if (!r.eof) {
    if (static_cast<process::SyncType>(r.message.type) == process::SyncType::kError) {
      return Annotate(process::ChildErrorToStatus(r.message), "starting the container");
    }
    return absl::InternalError("start: unexpected message from the init");
  }
  return absl::OkStatus();
}

absl::StatusOr<state::State> Container::State() const {
  state::State s = state_;
  s.status = LiveStatus(store_, s);
  return s;
}

absl::Status Container::Signal(int sig, bool all) const {
  if (all) {
    ASSIGN_OR_RETURN(std::vector<pid_t> pids, Processes());
    for (pid_t pid : pids) {
      UniqueFd fd(sys::PidfdOpen(pid, 0));
      if (fd) sys::PidfdSendSignal(fd.get(), sig, 0);
    }
    return absl::OkStatus();
  }
  // An exited init that nobody reaped yet can still be signalled: the
  // container is stopped all the same, and says so.
  if (std::string status = LiveStatus(store_, state_); status == "stopped") {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not running"));
  }
  ASSIGN_OR_RETURN(UniqueFd fd, InitPidfd(state_));
  if (sys::PidfdSendSignal(fd.get(), sig, 0) != 0) {
    return LastErrnoStatus(absl::StrCat("sending signal ", sig, " to the init (pid ", state_.pid, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Container::Wait() {
  if (init_.pid() <= 0) {
    return absl::FailedPreconditionError("wait: only the process that created the container can wait for it");
  }
  return init_.Wait();
}

absl::StatusOr<std::vector<pid_t>> Container::Processes() const {
  return cgroups::Manager::For(state_.cgroups_path, id()).Pids();
}

absl::Status Container::Pause() const {
  // Only what tells "running": the full LiveStatus reads three files more,
  // and pause/resume is benchmarked (bench/).
  if (!InitAlive(state_)) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not running"));
  }
  return cgroups::Manager::For(state_.cgroups_path, id()).Freeze(true);
}

absl::Status Container::Resume() const {
  cgroups::Manager cgroups = cgroups::Manager::For(state_.cgroups_path, id());
  if (absl::StatusOr<bool> frozen = cgroups.Frozen(); !frozen.ok() || !*frozen) {
    return absl::FailedPreconditionError(absl::StrCat("container \"", id(), "\" is not paused"));
  }
  return cgroups.Freeze(false);
}

absl::Status Container::Update(const config::Resources& resources) const {
  std::string status = LiveStatus(store_, state_);
  if (status == "stopped") {
    return absl::FailedPreconditionError(
        absl::StrCat("container \"", id(), "\" is stopped: nothing to update"));
  }
  return cgroups::Manager::For(state_.cgroups_path, id()).Update(resources);
}

absl::StatusOr<cgroups::Stats> Container::Stats() const {
  return cgroups::Manager::For(state_.cgroups_path, id()).GetStats();
}

absl::StatusOr<UniqueFd> Container::OomEventFd() const {
  return cgroups::Manager::For(state_.cgroups_path, id()).OomEventFd();
}

absl::StatusOr<uint64_t> Container::OomCount() const {
  return cgroups::Manager::For(state_.cgroups_path, id()).ReadOomCount();
}

absl::StatusOr<process::ChildProcess> Container::Exec(const config::Process& proc,
                                                      const int stdio[3]) const {
  std::string status = LiveStatus(store_, state_);
  if (status != "running" && status != "created") {
    return absl::FailedPreconditionError(
        absl::StrCat("container \"", id(), "\" is ", status, ": cannot exec into it"));
  }
  ASSIGN_OR_RETURN(process::BuiltPlan built, process::BuildExecPlan(spec_, proc, state_.pid));
  cgroups::Manager cgroups = cgroups::Manager::For(state_.cgroups_path, id());
  process::SpawnOptions options;
  if (stdio != nullptr) std::copy(stdio, stdio + 3, options.stdio);
  options.before_go = [&](pid_t pid) { return Annotate(cgroups.AddProcess(pid), "cgroups"); };
  ASSIGN_OR_RETURN(process::Spawned spawned, process::Spawn(std::move(built), std::move(options)));
  RETURN_IF_ERROR(Annotate(process::WaitForExec(spawned), "exec"));
  return std::move(spawned.child);
}

absl::Status Container::Destroy(bool force) {
  std::string status = LiveStatus(store_, state_);
  if ((status == "running" || status == "paused") && !force) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container \"", id(), "\" is ", status, ": stop it first or use --force"));
  }
  absl::Status result;
  // Kill and reap our own child first, so no zombie holds the init's pid.
  if (init_.pid() > 0) {
    (void)init_.Signal(SIGKILL);
    (void)init_.Wait();
  }
  result.Update(Annotate(cgroups::Manager::For(state_.cgroups_path, id()).Destroy(), "removing cgroups"));
  result.Update(store_.Remove(id()));
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

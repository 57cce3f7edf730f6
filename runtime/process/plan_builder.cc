#include "runtime/process/plan_builder.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rootfs_accounts.h"
#include "runtime/linux/lsm.h"
#include "runtime/linux/mount_options.h"
#include "runtime/linux/seccomp.h"
#include "runtime/process/console_owner.h"
#include "runtime/process/device_source.h"
#include "runtime/process/memory_policy_plan.h"
#include "runtime/process/root_plan.h"
#include "runtime/process/scheduling_plan.h"
#include "runtime/process/security_plan.h"

namespace nsinit::process {
namespace {

// The user's home directory from the rootfs's /etc/passwd, else "/".
std::string HomeFor(const std::string& rootfs, uint32_t uid) {
  std::optional<config::AccountEntry> e = config::FindAccountById(rootfs, "/etc/passwd", uid);
  return e.has_value() && !e->home.empty() ? e->home : "/";
}

std::string Relative(const std::string& container_path) {
  size_t i = container_path.find_first_not_of('/');
  return i == std::string::npos ? "" : container_path.substr(i);
}

bool HasMountAt(const config::Spec& spec, absl::string_view dest) {
  for (const auto& m : spec.mounts) {
    if (m.destination == dest) return true;
  }
  return false;
}

absl::Status AddProcess(const config::Spec& spec, const config::Process& p, InitPlan* plan,
                        absl::string_view path, std::vector<std::string>* warnings) {
  if (p.args.empty())
    return absl::InvalidArgumentError(absl::StrCat(path, ".args: must not be empty"));
  plan->argv = p.args;
  plan->envp = p.env;
  bool has_home = false;
  for (const std::string& kv : p.env) has_home |= absl::StartsWith(kv, "HOME=");
  if (!has_home) plan->envp.push_back("HOME=" + HomeFor(spec.root.path, p.user.uid));
  plan->cwd = p.cwd.empty() ? "/" : p.cwd;
  plan->uid = p.user.uid;
  plan->gid = p.user.gid;
  plan->groups = p.user.additional_gids;
  plan->umask = p.user.umask.value_or(022);
  for (const config::Rlimit& r : p.rlimits) plan->rlimits.push_back({r.resource, r.soft, r.hard});
  if (p.oom_score_adj) {
    plan->set_oom_score_adj = true;
    plan->oom_score_adj = *p.oom_score_adj;
  }
  plan->no_new_privs = p.no_new_privileges;
  if (spec.linux.personality) {  // validated: LINUX or LINUX32, no flags
    plan->set_personality = true;
    plan->personality = spec.linux.personality->domain == "LINUX32" ? PER_LINUX32 : PER_LINUX;
  }
  plan->terminal = p.terminal;
  RETURN_IF_ERROR(AddScheduling(p, plan, path));
  if (p.console_size) {
    plan->console_rows = static_cast<uint16_t>(p.console_size->height);
    plan->console_cols = static_cast<uint16_t>(p.console_size->width);
  }
  if (p.capabilities) {
    std::string caps = absl::StrCat(path, ".capabilities");
    plan->set_caps = true;
    int last = KernelLastCap();
    auto mask = [&](const char* set, const std::vector<std::string>& names) {
      return CapabilityMask(caps + set, names, last, warnings);
    };
    ASSIGN_OR_RETURN(plan->cap_bounding, mask(".bounding", p.capabilities->bounding));
    ASSIGN_OR_RETURN(plan->cap_effective, mask(".effective", p.capabilities->effective));
    ASSIGN_OR_RETURN(plan->cap_permitted, mask(".permitted", p.capabilities->permitted));
    ASSIGN_OR_RETURN(plan->cap_inheritable, mask(".inheritable", p.capabilities->inheritable));
    ASSIGN_OR_RETURN(plan->cap_ambient, mask(".ambient", p.capabilities->ambient));
    // The kernel raises an ambient capability only if it is permitted and
    // inheritable (capabilities(7)); runc silently skips the others, and so
    // does nsinit, so the same config yields the same process.
    plan->cap_ambient &= plan->cap_permitted & plan->cap_inheritable;
  } else if (plan->mode == InitPlan::kInit) {
    // No capabilities object: the container gets none, as with runc (a
    // root process must not keep the runtime's full set, CAP-011).
    plan->set_caps = true;
  }
  plan->apparmor_profile = p.apparmor_profile;
  if (!p.apparmor_profile.empty() && !sys::AppArmorEnabled()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ".apparmorProfile: \"", p.apparmor_profile,
                     "\" is set but AppArmor is not enabled on this host"));
  }
  // The mount label concerns the init's mounts only (made before this).
  PlanSelinux(p.selinux_label, plan->mode == InitPlan::kInit ? spec.linux.mount_label : "",
              sys::SelinuxEnabled(), plan, warnings);
  if (spec.linux.seccomp) {
    ASSIGN_OR_RETURN(sys::SeccompProgram seccomp, sys::CompileSeccomp(*spec.linux.seccomp));
    plan->seccomp_bpf = std::move(seccomp.bpf);
    plan->seccomp_flags = seccomp.flags;
  }
  return absl::OkStatus();
}

absl::Status AddDefaultDevices(const config::Spec& spec, bool in_user_ns, InitPlan* plan) {
  struct Dev {
    const char* path;
    unsigned major, minor;
  };
  // The OCI default devices (config-linux#default-devices); v1 adds fuse
  // through its own device list.
  constexpr Dev kDefaults[] = {{"dev/null", 1, 3},   {"dev/zero", 1, 5},    {"dev/full", 1, 7},
                               {"dev/random", 1, 8}, {"dev/urandom", 1, 9}, {"dev/tty", 5, 0}};
  auto add = [&](const std::string& target, char type, unsigned major, unsigned minor,
                 uint32_t mode, uint32_t uid, uint32_t gid, const std::string& source) {
    MountStep m;
    m.target = target;
    if (in_user_ns && type != 'p') {
      // mknod is refused inside a user namespace: bind the host's node,
      // never a way to set-uid or execute anything (as a tmpfs /dev).
      m.kind = MountStep::kBindDevice;
      m.source = source;
      m.flags = MS_NOSUID | MS_NOEXEC;
      m.target_is_file = true;
    } else {
      m.kind = MountStep::kMknod;
      m.mode = (type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR) | (mode & 07777);
      m.dev = makedev(major, minor);
      m.uid = uid;
      m.gid = gid;
    }
    plan->mounts.push_back(std::move(m));
  };
  std::vector<std::string> configured;
  for (const config::Device& d : spec.linux.devices) {
    configured.push_back(Relative(CleanDevicePath(d.path)));
  }
  for (const Dev& d : kDefaults) {
    if (std::find(configured.begin(), configured.end(), d.path) != configured.end()) continue;
    add(d.path, 'c', d.major, d.minor, 0666, 0, 0, absl::StrCat("/", d.path));
  }
  for (size_t i = 0; i < spec.linux.devices.size(); ++i) {
    const config::Device& d = spec.linux.devices[i];
    unsigned major = static_cast<unsigned>(d.major), minor = static_cast<unsigned>(d.minor);
    std::string source;
    if (in_user_ns && d.type != 'p') {  // a fifo needs no privilege to make
      absl::StatusOr<std::string> host = HostDeviceSource(d.path, d.type, major, minor);
      if (!host.ok()) {
        return absl::Status(host.status().code(),
                            absl::StrCat("linux.devices[", i, "].path: ", host.status().message()));
      }
      source = *host;
    }
    add(configured[i], d.type, major, minor, d.file_mode.value_or(0666), d.uid.value_or(0),
        d.gid.value_or(0), source);
  }
  // /dev symlinks (config-linux#dev-symbolic-links, v1 root filesystem).
  const std::pair<const char*, const char*> kLinks[] = {{"/proc/self/fd", "dev/fd"},
                                                        {"/proc/self/fd/0", "dev/stdin"},
                                                        {"/proc/self/fd/1", "dev/stdout"},
                                                        {"/proc/self/fd/2", "dev/stderr"},
                                                        {"pts/ptmx", "dev/ptmx"}};
  for (const auto& [from, to] : kLinks) {
    if (std::find(configured.begin(), configured.end(), to) != configured.end()) continue;
    MountStep m;
    m.kind = MountStep::kSymlink;
    m.source = from;
    m.target = to;
    plan->mounts.push_back(std::move(m));
  }
  if (access("/proc/kcore", R_OK) == 0) {
    MountStep m;
    m.kind = MountStep::kSymlink;
    m.source = "/proc/kcore";
    m.target = "dev/core";
    plan->mounts.push_back(std::move(m));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Propagation(absl::string_view value) {
  if (value.empty()) return 0;
  if (value == "private") return MS_PRIVATE;
  if (value == "rprivate") return MS_PRIVATE | MS_REC;
  if (value == "shared") return MS_SHARED;
  if (value == "rshared") return MS_SHARED | MS_REC;
  if (value == "slave") return MS_SLAVE;
  if (value == "rslave") return MS_SLAVE | MS_REC;
  if (value == "unbindable") return MS_UNBINDABLE;
  if (value == "runbindable") return MS_UNBINDABLE | MS_REC;
  return absl::InvalidArgumentError(
      absl::StrCat("linux.rootfsPropagation: unknown value \"", value, "\""));
}

absl::Status AddMounts(const config::Spec& spec, const PlanOptions& options, InitPlan* plan) {
  for (size_t i = 0; i < spec.mounts.size(); ++i) {
    const config::Mount& cm = spec.mounts[i];
    sys::MountOptions o = sys::ParseMountOptions(cm.options);
    MountStep m;
    m.target = Relative(cm.destination);
    m.fstype = cm.type;
    m.flags = o.flags;
    m.propagation = o.propagation;
    m.rec_attr_set = o.rec_attr_set;
    m.rec_attr_clr = o.rec_attr_clr;
    m.data = o.data;
    m.source = cm.source;
    if (m.target.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mounts[", i, "].destination: cannot mount over the container's /"));
    }
    // Only a procfs may sit on /proc: anything else would take the writes
    // the init makes there (sysctls, oom_score_adj, LSM labels) and leave
    // them unapplied (CVE-2019-16884). A bind of a real procfs is fine.
    if (absl::StripSuffix(m.target, "/") == "proc" && cm.type != "proc") {
      struct statfs fs;
      bool bind = cm.type == "bind" || (o.flags & MS_BIND);
      std::string source =
          !cm.source.empty() && cm.source[0] != '/' ? options.bundle + "/" + cm.source : cm.source;
      if (!bind || statfs(source.c_str(), &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
        return absl::InvalidArgumentError(absl::StrCat(
            "mounts[", i, "]: only a proc filesystem may be mounted on /proc, got type \"", cm.type,
            "\" from \"", cm.source, "\""));
      }
    }
    if (o.idmap) {
      return absl::UnimplementedError(
          absl::StrCat("mounts[", i, "].options: idmapped mounts are not supported yet"));
    }
    if (o.tmpcopyup) {
      // Only a new tmpfs has an image directory under it to start from.
      // runc ignores the option elsewhere; crun refuses it, as here, rather
      // than leave an asked-for copy silently undone.
      if (cm.type != "tmpfs" || (o.flags & MS_BIND)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "mounts[", i, "].options: tmpcopyup applies only to a tmpfs mount, got type \"",
            cm.type, "\"", (o.flags & MS_BIND) ? " with bind" : ""));
      }
      m.copy_up = true;
    }
    if (cm.type == "bind" || (o.flags & MS_BIND)) {
      m.kind = MountStep::kBind;
      if (!m.source.empty() && m.source[0] != '/') m.source = options.bundle + "/" + m.source;
      struct stat st;
      if (stat(m.source.c_str(), &st) != 0) {
        return Annotate(LastErrnoStatus(absl::StrCat("stat ", m.source)),
                        absl::StrCat("mounts[", i, "].source"));
      }
      m.target_is_file = !S_ISDIR(st.st_mode);
    } else if ((cm.type == "cgroup" || cm.type == "cgroup2") && !options.cgroup_v1_dirs.empty()) {
      // v1: a tmpfs holding one read-only bind of the container's own
      // directory per hierarchy, named as on the host.
      MountStep tmpfs;
      tmpfs.kind = MountStep::kMount;
      tmpfs.source = "tmpfs";
      tmpfs.fstype = "tmpfs";
      tmpfs.target = m.target;
      tmpfs.flags = (o.flags & ~MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC;
      tmpfs.data = "mode=755";
      plan->mounts.push_back(std::move(tmpfs));
      for (const std::string& dir : options.cgroup_v1_dirs) {
        // /sys/fs/cgroup/<name>/<path>: <name> is the hierarchy's mount.
        std::string rest = dir.substr(std::string("/sys/fs/cgroup/").size());
        MountStep bind;
        bind.kind = MountStep::kBind;
        bind.source = dir;
        bind.target = m.target + "/" + rest.substr(0, rest.find('/'));
        bind.flags = MS_BIND | MS_REC | (o.flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)) |
                     MS_NOSUID | MS_NODEV | MS_NOEXEC;
        plan->mounts.push_back(std::move(bind));
      }
      if (o.flags & MS_RDONLY) {
        // The tmpfs was left writable to make the mount points; "ro" covers
        // it too, not only the controller binds.
        MountStep ro;
        ro.kind = MountStep::kRemountReadonly;
        ro.target = m.target;
        plan->mounts.push_back(std::move(ro));
      }
      continue;
    } else if (cm.type == "cgroup" || cm.type == "cgroup2") {
      m.kind = MountStep::kCgroup2;
      // Bound instead where cgroup2 cannot be mounted (a user namespace
      // without a cgroup namespace of its own: rootless), as runc does.
      m.source = "/sys/fs/cgroup";
      // That bind is recursive: read-only must reach the hierarchies below
      // it too, or the container could write the host's cgroups
      // (CVE-2023-25809).
      if (o.flags & MS_RDONLY) m.rec_attr_set |= MOUNT_ATTR_RDONLY;
    } else {
      m.kind = MountStep::kMount;
    }
    plan->mounts.push_back(std::move(m));
  }
  return absl::OkStatus();
}

absl::StatusOr<UniqueFd> OpenNs(const std::string& path, absl::string_view field) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Annotate(LastErrnoStatus(absl::StrCat("open ", path)), field);
  return fd;
}

}  // namespace

std::string IdMapText(const std::vector<config::IdMapping>& mappings) {
  std::string out;
  for (const auto& m : mappings)
    absl::StrAppend(&out, m.container_id, " ", m.host_id, " ", m.size, "\n");
  return out;
}

// A sysctl is written inside the container's namespaces, so it must be one
// those namespaces isolate: anything else would change the host
// (config-linux#sysctl; runc refuses the same).
static absl::Status CheckSysctlNamespace(const std::string& key, uint64_t new_flags,
                                         const std::vector<uint32_t>& joined) {
  auto has = [&](uint64_t flag) {
    return (new_flags & flag) != 0 ||
           std::find(joined.begin(), joined.end(), static_cast<uint32_t>(flag)) != joined.end();
  };
  std::string path = absl::StrCat("linux.sysctl[\"", key, "\"]");
  if (absl::StartsWith(key, "net.")) {
    if (has(CLONE_NEWNET)) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": needs a network namespace of the container's own"));
  }
  if (key == "kernel.hostname" || key == "kernel.domainname") {
    if (has(CLONE_NEWUTS)) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": needs a uts namespace of the container's own"));
  }
  if (absl::StartsWith(key, "fs.mqueue.") || key == "kernel.msgmax" || key == "kernel.msgmnb" ||
      key == "kernel.msgmni" || key == "kernel.sem" || key == "kernel.shmall" ||
      key == "kernel.shmmax" || key == "kernel.shmmni" || key == "kernel.shm_rmid_forced") {
    if (has(CLONE_NEWIPC)) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": needs an ipc namespace of the container's own"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": not isolated by any namespace: it would change the host"));
}

// The hooks the init runs itself, exactly as configured; the state they
// read is filled in once the init's pid is known (Container::Create).
static std::vector<HookStep> PlanHookSteps(const std::vector<config::Hook>& hooks) {
  std::vector<HookStep> steps;
  for (const config::Hook& h : hooks) {
    steps.push_back({h.path, h.args, h.env, static_cast<uint32_t>(h.timeout.value_or(0))});
  }
  return steps;
}

absl::StatusOr<BuiltPlan> BuildInitPlan(const config::Spec& spec, const PlanOptions& options) {
  BuiltPlan out;
  InitPlan& plan = out.plan;
  plan.mode = InitPlan::kInit;
  plan.pdeathsig = options.pdeathsig;
  plan.no_pivot = options.no_pivot;
  plan.wait_for_start = options.wait_for_start;
  // prestart and createRuntime run in the runtime, at the init's signal.
  plan.sync_hooks = !spec.hooks.prestart.empty() || !spec.hooks.create_runtime.empty();
  plan.create_container_hooks = PlanHookSteps(spec.hooks.create_container);
  plan.start_container_hooks = PlanHookSteps(spec.hooks.start_container);

  // Namespaces.
  bool new_mount = false;
  bool new_uts = false;
  std::vector<std::pair<uint64_t, UniqueFd>> joins;
  for (size_t i = 0; i < spec.linux.namespaces.size(); ++i) {
    const config::Namespace& ns = spec.linux.namespaces[i];
    uint64_t flag = static_cast<uint64_t>(config::NamespaceCloneFlag(ns.type));
    std::string field = absl::StrCat("linux.namespaces[", i, "].path");
    if (!ns.path.empty()) {
      ASSIGN_OR_RETURN(UniqueFd fd, OpenNs(ns.path, field));
      if (flag == CLONE_NEWPID) {
        out.namespaces.join_pid = std::move(fd);
      } else {
        joins.emplace_back(flag, std::move(fd));
      }
      continue;
    }
    if (flag == CLONE_NEWNS) new_mount = true;
    if (flag == CLONE_NEWUTS) new_uts = true;
    if (flag == CLONE_NEWUSER) {
      out.namespaces.new_user = true;
      out.namespaces.clone_flags |= CLONE_NEWUSER;
    } else if (flag == CLONE_NEWPID) {
      // Applies to children only: made at clone.
      out.namespaces.clone_flags |= flag;
    } else {
      // CLONE_NEWTIME too: unshared in the child, whose offsets are written
      // then, and entered by the container's process at its exec
      // (time_namespaces(7)).
      plan.unshare_flags |= flag;
    }
  }
  // The user namespace is joined first: what is created after is owned by it.
  std::stable_sort(joins.begin(), joins.end(), [](const auto& a, const auto& b) {
    return (a.first == CLONE_NEWUSER) > (b.first == CLONE_NEWUSER);
  });
  for (auto& [flag, fd] : joins) {
    plan.join_nstypes.push_back(static_cast<uint32_t>(flag));
    out.namespaces.join_fds.push_back(std::move(fd));
  }
  for (const auto& [clock, offset] : spec.linux.time_offsets) {
    absl::StrAppend(&plan.timens_offsets, clock, " ", offset.secs, " ", offset.nanosecs, "\n");
  }
  if (out.namespaces.new_user) {
    out.namespaces.uid_map = IdMapText(spec.linux.uid_mappings);
    out.namespaces.gid_map = IdMapText(spec.linux.gid_mappings);
    // Without CAP_SETGID over our own namespace (rootless), setgroups must
    // be denied: the process keeps the groups it has.
    if (geteuid() != 0) {
      out.namespaces.deny_setgroups = true;
      plan.set_groups = false;
      if (spec.process && !spec.process->user.additional_gids.empty()) {
        return absl::InvalidArgumentError(
            "process.user.additionalGids: an unprivileged runtime cannot set them (setgroups is "
            "denied in its user namespace)");
      }
    }
  }

  // Filesystem: only with a mount namespace of its own does the container
  // get a root; without one the host's mounts would be changed.
  if (new_mount) {
    plan.rootfs = spec.root.path;
    plan.readonly_root = spec.root.readonly;
    ASSIGN_OR_RETURN(uint64_t propagation, Propagation(spec.linux.rootfs_propagation));
    plan.root_propagation =
        (propagation & (MS_SHARED | MS_SLAVE)) ? (propagation | MS_REC) : (MS_SLAVE | MS_REC);
    plan.rootfs_propagation = propagation;
    if (plan.root_propagation & MS_SHARED) {
      ASSIGN_OR_RETURN(plan.rootfs_parent_mount, MountPointHolding(spec.root.path));
    }
    RETURN_IF_ERROR(AddMounts(spec, options, &plan));
    // mknod is refused in a user namespace, new or joined.
    bool in_user_ns = out.namespaces.new_user ||
                      (!plan.join_nstypes.empty() && plan.join_nstypes[0] == CLONE_NEWUSER);
    RETURN_IF_ERROR(AddDefaultDevices(spec, in_user_ns, &plan));
    // Read-only paths first, then masks, as runc orders them.
    for (const std::string& p : spec.linux.readonly_paths) {
      MountStep m;
      m.kind = MountStep::kReadonlyPath;
      m.target = Relative(p);
      plan.late_mounts.push_back(std::move(m));
    }
    for (const std::string& p : spec.linux.masked_paths) {
      MountStep m;
      m.kind = MountStep::kMaskFile;
      m.target = Relative(p);
      plan.late_mounts.push_back(std::move(m));
    }
    if (spec.process && spec.process->terminal && !HasMountAt(spec, "/dev/pts")) {
      return absl::InvalidArgumentError(
          "process.terminal: needs a devpts mount at /dev/pts (mounts has none)");
    }
  }
  if (!new_mount) {
    // No mount namespace of its own (none, or a joined one): the process
    // still gets root.path as its root, by chroot, as with runc.
    plan.chroot_path = spec.root.path;
  }
  // A joined uts namespace is the container's too: its names are set there.
  bool own_uts =
      new_uts || std::find(plan.join_nstypes.begin(), plan.join_nstypes.end(),
                           static_cast<uint32_t>(CLONE_NEWUTS)) != plan.join_nstypes.end();
  if (!spec.hostname.empty()) {
    if (!own_uts) {
      return absl::InvalidArgumentError(
          "hostname: setting it needs a uts namespace (linux.namespaces has none)");
    }
    plan.set_hostname = true;
    plan.hostname = spec.hostname;
  }
  if (!spec.domainname.empty()) {
    if (!own_uts) {
      return absl::InvalidArgumentError(
          "domainname: setting it needs a uts namespace (linux.namespaces has none)");
    }
    plan.set_domainname = true;
    plan.domainname = spec.domainname;
  }
  for (const auto& [key, value] : spec.linux.sysctl) {
    RETURN_IF_ERROR(CheckSysctlNamespace(key, plan.unshare_flags | out.namespaces.clone_flags,
                                         plan.join_nstypes));
    plan.sysctls.push_back({absl::StrReplaceAll(key, {{".", "/"}}), value});
  }
  if (!spec.process) return absl::InvalidArgumentError("process: required to run a container");
  RETURN_IF_ERROR(AddProcess(spec, *spec.process, &plan, "process", &out.warnings));
  RETURN_IF_ERROR(PlanMemoryPolicy(spec.linux, &plan));
  if (new_mount && plan.cwd != "/") {
    // runc creates a missing cwd; so does nsinit (as root, before pivot).
    MountStep m;
    m.kind = MountStep::kMkdir;
    m.target = Relative(plan.cwd);
    plan.mounts.push_back(std::move(m));
  }
  PlanConsoleOwner(plan.rootfs, &plan);
  return out;
}

absl::StatusOr<BuiltPlan> BuildExecPlan(const config::Spec& spec, const config::Process& process,
                                        pid_t init_pid) {
  BuiltPlan out;
  InitPlan& plan = out.plan;
  plan.mode = InitPlan::kExec;
  // Join every namespace of the init that differs from ours, user first
  // (what is joined after is then owned by it); pid is joined below.
  std::vector<config::NamespaceInfo> order(config::AllNamespaces().begin(),
                                           config::AllNamespaces().end());
  std::stable_partition(order.begin(), order.end(), [](const config::NamespaceInfo& ns) {
    return ns.type == config::NamespaceType::kUser;
  });
  for (const config::NamespaceInfo& ns : order) {
    if (ns.type == config::NamespaceType::kPid) continue;
    std::string theirs = absl::StrCat("/proc/", init_pid, "/ns/", ns.proc_name);
    std::string ours = absl::StrCat("/proc/self/ns/", ns.proc_name);
    struct stat a, b;
    if (stat(theirs.c_str(), &a) != 0) {
      if (errno == ENOENT && ns.type == config::NamespaceType::kTime) continue;
      return LastErrnoStatus(absl::StrCat("stat ", theirs));
    }
    if (stat(ours.c_str(), &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) continue;
    ASSIGN_OR_RETURN(UniqueFd fd, OpenNs(theirs, "exec"));
    plan.join_nstypes.push_back(static_cast<uint32_t>(ns.clone_flag));
    out.namespaces.join_fds.push_back(std::move(fd));
  }
  std::string pid_ns = absl::StrCat("/proc/", init_pid, "/ns/",
                                    config::FindNamespace(config::NamespaceType::kPid)->proc_name);
  ASSIGN_OR_RETURN(out.namespaces.join_pid, OpenNs(pid_ns, "exec"));
  RETURN_IF_ERROR(AddProcess(spec, process, &plan, "process", &out.warnings));
  PlanConsoleOwner(absl::StrCat("/proc/", init_pid, "/root"), &plan);
  return out;
}

}  // namespace nsinit::process

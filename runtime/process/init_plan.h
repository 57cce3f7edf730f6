// InitPlan: everything the container's init (or an exec'd process) does,
// as plain data.
//
// The parent turns a Spec into a plan (plan_builder.h): paths resolved,
// mount options parsed into flags, capabilities as bit masks, seccomp
// compiled to BPF, argv/envp final. The plan is encoded (Encode/Decode) and
// sent over the sync socket to the re-exec'd child, which walks it top to
// bottom, one step per *_child.h (init_child.cc): the child makes no
// decisions the parent could have made.
#ifndef NSINIT_RUNTIME_PROCESS_INIT_PLAN_H_
#define NSINIT_RUNTIME_PROCESS_INIT_PLAN_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nsinit::process {

// One step of the filesystem setup, in order. Paths named `target` are
// relative to the new root and are resolved inside it (never following a
// symlink out of it).
struct MountStep {
  enum Kind : uint32_t {
    kMount,            // mount(source, target, fstype, flags, data) + propagation
    kBind,             // bind `source` (a host path) onto target, then remount flags
    kMknod,            // device node at target (mode, dev, uid, gid)
    kBindDevice,       // bind the host's device `source` onto target (user ns)
    kSymlink,          // symlink(source, target)
    kMaskFile,         // bind /dev/null over target (missing: skipped)
    kMaskDir,          // read-only empty tmpfs over target (missing: skipped)
    kReadonlyPath,     // bind target on itself, remount read-only (missing: skipped)
    kCgroupV1,         // tmpfs at target plus a bind of each v1 controller dir
    kCgroup2,          // cgroup2 at target
    kMkdir,            // create the directory target (process.cwd)
    kRemountReadonly,  // target's own mount read-only, not recursive, no new mount
  };
  uint32_t kind = kMount;
  std::string source;
  std::string target;
  std::string fstype;
  std::string data;
  uint64_t flags = 0;         // MS_*
  uint64_t propagation = 0;   // MS_SHARED|..., 0 for none
  uint64_t rec_attr_set = 0;  // MOUNT_ATTR_* with AT_RECURSIVE
  uint64_t rec_attr_clr = 0;
  uint32_t mode = 0;  // kMknod: S_IFCHR|0666; mkdir mode for targets
  uint64_t dev = 0;   // kMknod
  uint32_t uid = 0;   // kMknod
  uint32_t gid = 0;
  bool target_is_file = false;  // create a file, not a directory, to mount on
  // kMount of a tmpfs with "tmpcopyup": what the image had at target is
  // copied into the new tmpfs (copy_up_child.h) before anything else is
  // done to it; a read-only tmpfs is made read-only after the copy.
  bool copy_up = false;
};

struct RlimitStep {
  int32_t resource = 0;
  uint64_t soft = 0;
  uint64_t hard = 0;
};

struct KeyValue {
  std::string key;  // sysctl: path under /proc/sys ("net/ipv4/ip_forward")
  std::string value;
};

// One OCI hook the init runs itself (createContainer, startContainer):
// argv and envp exactly as configured.
struct HookStep {
  std::string path;
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  uint32_t timeout_s = 0;  // 0: none
};

struct InitPlan {
  // 'init' creates a container; 'exec' joins a running one.
  enum Mode : uint32_t { kInit, kExec };
  uint32_t mode = kInit;

  // Namespaces. Joined ones come as fds (sent with the plan, in this order)
  // and are entered before the new ones are unshared.
  uint64_t unshare_flags = 0;          // CLONE_NEW* created by unshare
  std::string timens_offsets;          // "monotonic 3600 0\n" for a new time ns
  std::vector<uint32_t> join_nstypes;  // CLONE_NEW* of each joined fd

  // Filesystem.
  std::string rootfs;               // absolute host path
  uint64_t root_propagation = 0;    // MS_SLAVE|MS_REC unless configured
  uint64_t rootfs_propagation = 0;  // applied on / after pivot (rootfsPropagation)
  bool readonly_root = false;
  bool no_pivot = false;
  std::vector<MountStep> mounts;  // config mounts, devices, links (before pivot)
  // maskedPaths and readonlyPaths, applied after pivot_root and sysctl (a
  // read-only /proc/sys would refuse the configured sysctls).
  std::vector<MountStep> late_mounts;
  std::string console_path;  // "/dev/console" when process.terminal

  std::string hostname;  // empty: leave alone
  std::string domainname;
  bool set_hostname = false;
  bool set_domainname = false;
  std::vector<KeyValue> sysctls;

  // Process.
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  std::string cwd = "/";
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> groups;
  bool set_groups = true;  // false in a user ns with setgroups denied
  uint32_t umask = 022;
  std::vector<RlimitStep> rlimits;
  int32_t oom_score_adj = 0;
  bool set_oom_score_adj = false;
  bool no_new_privs = false;
  bool set_personality = false;  // linux.personality: personality(2) before exec
  uint32_t personality = 0;      // PER_LINUX or PER_LINUX32
  int32_t pdeathsig = 0;         // 0: none (detached create)
  bool terminal = false;
  uint16_t console_rows = 0;
  uint16_t console_cols = 0;
  // Capability sets as masks over CAP_* bits.
  bool set_caps = false;
  uint64_t cap_bounding = 0;
  uint64_t cap_effective = 0;
  uint64_t cap_permitted = 0;
  uint64_t cap_inheritable = 0;
  uint64_t cap_ambient = 0;
  // Seccomp: a BPF program (struct sock_filter array bytes) and flags.
  std::string seccomp_bpf;
  uint32_t seccomp_flags = 0;
  std::string apparmor_profile;
  std::string selinux_label;  // written to attr/exec (SELinux enabled only)

  // SCMP_ACT_NOTIFY: the container process state JSON to send, with the
  // filter's listener fd, to the connected listenerPath socket that comes
  // last in the plan's fds (see runtime/process/seccomp_listener.h).
  std::string seccomp_listener_state;
  // process.ioPriority as ioprio_set's value; -1: leave alone.
  int32_t ioprio = -1;
  // process.scheduler: struct sched_attr's fields.
  bool set_scheduler = false;
  uint32_t sched_policy = 0;
  uint64_t sched_flags = 0;
  int32_t sched_nice = 0;
  uint32_t sched_priority = 0;
  uint64_t sched_runtime = 0;
  uint64_t sched_deadline = 0;
  uint64_t sched_period = 0;
  // process.execCPUAffinity as cpu_set_t words; empty: leave alone.
  std::vector<uint64_t> cpu_affinity_initial;
  std::vector<uint64_t> cpu_affinity_final;

  // --preserve-fds N: fds 3..3+N-1 (inherited, not close-on-exec) stay open
  // in the container's process.
  uint32_t preserve_fds = 0;

  // Wait for `start` on the exec fifo (sent as an O_PATH fd) before exec.
  bool wait_for_start = false;

  // Hooks (config.md#posix-platform-hooks). With `sync_hooks` the init
  // stops before pivot_root (kHooks) while the runtime runs prestart and
  // createRuntime, then runs createContainer itself (host paths, the
  // container's mount namespace); startContainer runs after `start`, just
  // before exec. Each gets its state JSON (filled in by the parent once
  // the init's pid is known) on stdin.
  bool sync_hooks = false;
  std::vector<HookStep> create_container_hooks;
  std::vector<HookStep> start_container_hooks;
  std::string create_hook_state;  // status "creating"
  std::string start_hook_state;   // status "created"

  // process.terminal: the pty slave's owner, the container's user (and
  // group `tty` when known; -1: the group devpts gave it). console_owner.h.
  bool set_console_owner = false;
  uint32_t console_uid = 0;
  uint32_t console_gid = static_cast<uint32_t>(-1);
  // Root without pivot: with a shared rootfsPropagation, the mount holding
  // the rootfs and / are made private before the bind (pivot_root refuses
  // shared parents); without a mount namespace the root is chroot'ed.
  std::string rootfs_parent_mount;  // empty: leave alone
  std::string chroot_path;          // empty: no chroot
  // linux.memoryPolicy: set_mempolicy(mode | flags, nodes) before exec.
  bool set_mempolicy = false;
  int32_t mempolicy_mode = 0;
  std::vector<uint64_t> mempolicy_nodes;  // node mask words
};

// Wire form: a flat little-endian byte string (fields in declaration order,
// strings and vectors length-prefixed). Only parent and child of the same
// binary speak it, so no versioning.
std::string EncodePlan(const InitPlan& plan);
// False when `bytes` is not a whole plan; *error (static text) says why.
// No abseil here: the child decodes the plan in the init image, which
// links without glibc (init_image.h).
bool DecodePlan(std::string_view bytes, InitPlan* plan, const char** error);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_INIT_PLAN_H_

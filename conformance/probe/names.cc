#include "conformance/probe/names.h"

#include <linux/magic.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <cstdlib>

namespace nsinit::probe {
namespace {

struct Magic {
  unsigned long magic;
  const char* name;
};

// statfs(2); values from <linux/magic.h> where it has them.
constexpr Magic kMagics[] = {
    {PROC_SUPER_MAGIC, "proc"},
    {SYSFS_MAGIC, "sysfs"},
    {TMPFS_MAGIC, "tmpfs"},
    {RAMFS_MAGIC, "ramfs"},
    {DEVPTS_SUPER_MAGIC, "devpts"},
    {CGROUP_SUPER_MAGIC, "cgroup"},
    {CGROUP2_SUPER_MAGIC, "cgroup2"},
    {0x19800202, "mqueue"},
    {EXT4_SUPER_MAGIC, "ext4"},
    {BTRFS_SUPER_MAGIC, "btrfs"},
    {XFS_SUPER_MAGIC, "xfs"},
    {OVERLAYFS_SUPER_MAGIC, "overlay"},
    {SQUASHFS_MAGIC, "squashfs"},
    {NFS_SUPER_MAGIC, "nfs"},
    {0x65735546, "fuse"},
    {HUGETLBFS_MAGIC, "hugetlbfs"},
    {DEBUGFS_MAGIC, "debugfs"},
    {TRACEFS_MAGIC, "tracefs"},
    {SECURITYFS_MAGIC, "securityfs"},
    {BPF_FS_MAGIC, "bpf"},
    {NSFS_MAGIC, "nsfs"},
    {PIPEFS_MAGIC, "pipefs"},
    {SOCKFS_MAGIC, "sockfs"},
    {BINFMTFS_MAGIC, "binfmt_misc"},
    {PSTOREFS_MAGIC, "pstore"},
    {SELINUX_MAGIC, "selinuxfs"},
    {SMACK_MAGIC, "smackfs"},
    {EFIVARFS_MAGIC, "efivarfs"},
    {0x2fc12fc1, "zfs"},
};

}  // namespace

std::string ErrnoName(int err) {
  const char* name = strerrorname_np(err);
  if (name != nullptr) return name;
  return "errno " + std::to_string(err);
}

std::string SignalName(int sig) {
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
    if (sig == SIGRTMIN) return "SIGRTMIN";
    return "SIGRTMIN+" + std::to_string(sig - SIGRTMIN);
  }
  const char* abbrev = sigabbrev_np(sig);
  if (abbrev != nullptr) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(sig);
}

int SignalFromName(const std::string& name) {
  if (name.empty()) return 0;
  char* end = nullptr;
  long n = strtol(name.c_str(), &end, 10);
  if (*end == '\0') return (n > 0 && n < NSIG) ? static_cast<int>(n) : 0;
  std::string bare = name.rfind("SIG", 0) == 0 ? name.substr(3) : name;
  for (int sig = 1; sig < NSIG; ++sig) {
    const char* abbrev = sigabbrev_np(sig);
    if (abbrev != nullptr && bare == abbrev) return sig;
  }
  return 0;
}

// capabilities(7), by bit; the suite's own table, not the runtime's.
const char* const kCapNames[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

std::string CapName(int bit) {
  if (bit >= 0 && bit < static_cast<int>(sizeof(kCapNames) / sizeof(kCapNames[0]))) {
    return kCapNames[bit];
  }
  return "CAP_" + std::to_string(bit);
}

const char* FsMagicName(unsigned long magic) {
  for (const Magic& m : kMagics) {
    if (m.magic == magic) return m.name;
  }
  return "unknown";
}

const RlimitName kRlimits[] = {
    {RLIMIT_CPU, "RLIMIT_CPU"},           {RLIMIT_FSIZE, "RLIMIT_FSIZE"},
    {RLIMIT_DATA, "RLIMIT_DATA"},         {RLIMIT_STACK, "RLIMIT_STACK"},
    {RLIMIT_CORE, "RLIMIT_CORE"},         {RLIMIT_RSS, "RLIMIT_RSS"},
    {RLIMIT_NPROC, "RLIMIT_NPROC"},       {RLIMIT_NOFILE, "RLIMIT_NOFILE"},
    {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"},   {RLIMIT_AS, "RLIMIT_AS"},
    {RLIMIT_LOCKS, "RLIMIT_LOCKS"},       {RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING"},
    {RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"}, {RLIMIT_NICE, "RLIMIT_NICE"},
    {RLIMIT_RTPRIO, "RLIMIT_RTPRIO"},     {RLIMIT_RTTIME, "RLIMIT_RTTIME"},
};
const int kRlimitCount = sizeof(kRlimits) / sizeof(kRlimits[0]);

}  // namespace nsinit::probe

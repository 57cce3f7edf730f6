// The config's kernel floor: what the kernel alone charges for the work
// runc's default config (the benchmark bundle's) asks of every runtime,
// done by a program with no runtime around it.
//
//   config_floor [--debug-timings] run ROOTFS ID
//                                      run /bin/true in a new container, wait, remove it
//   config_floor create ROOTFS ID      start `sleep 1000000` in one, return once it exec'd
//   config_floor exec ID               run /bin/true in container ID, wait for it
//   config_floor delete ID             kill container ID, remove its cgroups
//
// //bench:floor is the floor of a container start (namespaces, pivot_root,
// /proc, exec). This program adds every kernel operation the config
// requires (bench/README.md, "Where the time goes"), in the order nsinit
// does them, so `x config floor` in the report is what a runtime costs on
// top of the kernel work it cannot skip:
// - cgroups: a cgroup named nsinit-floor/ID in every hierarchy (cpuset's
//   cpus and mems copied from its parent), the device rules of the config
//   (deny all, allow the default devices) in the v1 devices hierarchy;
//   the child cloned into the v2 one (CLONE_INTO_CGROUP) and joining each
//   v1 one itself by writing "0" to its tasks file (the two ways in that
//   take no global lock, as nsinit joins; runtime/process/cgroups_child.h),
//   all removed at the end;
// - namespaces pid, mnt, ipc, uts, net (one clone3), lo up;
// - the config's mounts: the rootfs bound, /proc, /dev (tmpfs), /dev/pts,
//   /dev/shm, /dev/mqueue, /sys (ro), /sys/fs/cgroup (a tmpfs with each v1
//   hierarchy's cgroup bound read-only), the default device nodes and
//   /dev links, pivot_root, the rootfs read-only, the masked paths and the
//   read-only paths that exist on this kernel;
// - the process: hostname, RLIMIT_NOFILE, no_new_privs, the bounding set
//   and capabilities of the config, exec.
// What it leaves out is runtime logic: no config parsing, no state
// directory, no sync protocol, no re-exec, no error reporting beyond a
// message and exit 127.
//
// Paths and names are fixed: the bundle's config is fixed (runc 1.1.5's
// `runc spec`, tools/testing/oci_base_config.cc). As root. --debug-timings
// prints the time of each kernel operation on stderr, in the format of
// nsinit's (bench/phase_marks.h): the report's phase table of the config
// floor says which of them the time of a start goes to.
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/phase_marks.h"

namespace {

nsinit::bench::PhaseMarks g_marks;

constexpr char kHierarchies[] = "/sys/fs/cgroup";
constexpr char kParent[] = "nsinit-floor";

[[noreturn]] void Die(const std::string& what) {
  const int err = errno;
  fprintf(stderr, "config_floor: %s: %s\n", what.c_str(), strerror(err));
  _exit(127);
}

void Must(bool ok, const std::string& what) {
  if (!ok) Die(what);
}

void WriteFile(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  Must(fd >= 0, "open " + path);
  Must(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()), "write " + path);
  close(fd);
}

std::string ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Must(fd >= 0, "open " + path);
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof(buf));
  Must(n >= 0, "read " + path);
  close(fd);
  return std::string(buf, static_cast<size_t>(n));
}

struct Hierarchy {
  std::string name;  // directory under /sys/fs/cgroup
  bool v1;
};

// The mounted hierarchies, as nsinit's manager sees them on this host:
// each directory of /sys/fs/cgroup that is a cgroup (v1) or cgroup2 mount.
std::vector<Hierarchy> Hierarchies() {
  std::vector<Hierarchy> out;
  for (const char* name :
       {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "systemd",
        "hugetlb", "net_cls", "net_prio", "perf_event", "rdma", "misc", "unified"}) {
    struct statfs fs;
    std::string dir = std::string(kHierarchies) + "/" + name;
    if (statfs(dir.c_str(), &fs) != 0) continue;
    if (fs.f_type == CGROUP_SUPER_MAGIC) out.push_back({name, true});
    if (fs.f_type == CGROUP2_SUPER_MAGIC) out.push_back({name, false});
  }
  struct statfs fs;
  if (out.empty() && statfs(kHierarchies, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
    out.push_back({"", false});  // pure v2
  }
  return out;
}

std::string CgroupDir(const Hierarchy& h, const std::string& id) {
  std::string root = std::string(kHierarchies) + (h.name.empty() ? "" : "/" + h.name);
  return id.empty() ? root + "/" + kParent : root + "/" + kParent + "/" + id;
}

// The runc default config's device rules: deny everything, then allow the
// default devices (null, zero, full, tty, random, urandom, /dev/pts/*,
// ptmx) and the rules every runtime adds.
constexpr const char* kDeviceAllow[] = {
    "c 1:3 rwm", "c 1:5 rwm",   "c 1:7 rwm", "c 5:0 rwm",    "c 1:8 rwm",
    "c 1:9 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm",
};

void MakeCgroups(const std::vector<Hierarchy>& hs, const std::string& id) {
  for (const Hierarchy& h : hs) {
    std::string parent = CgroupDir(h, "");
    Must(mkdir(parent.c_str(), 0755) == 0 || errno == EEXIST, "mkdir " + parent);
    std::string dir = CgroupDir(h, id);
    Must(mkdir(dir.c_str(), 0755) == 0, "mkdir " + dir);
    if (h.name == "cpuset") {
      for (const char* f : {"cpuset.cpus", "cpuset.mems"}) {
        std::string from = std::string(kHierarchies) + "/cpuset/" + f;
        if (ReadFile(parent + "/" + f).size() <= 1) WriteFile(parent + "/" + f, ReadFile(from));
        WriteFile(dir + "/" + f, ReadFile(parent + "/" + f));
      }
    }
    if (h.name == "devices") {
      WriteFile(dir + "/devices.deny", "a");
      for (const char* rule : kDeviceAllow) WriteFile(dir + "/devices.allow", rule);
    }
  }
}

// How a new process enters the container's cgroups: the v2 directory to
// be cloned into, and the tasks file of each v1 one for it to write "0"
// into, opened before any setns (in the container's mount namespace they
// are read-only binds).
struct CgroupEntry {
  int v2_dir = -1;
  std::vector<int> tasks_files;
};

CgroupEntry OpenCgroupEntry(const std::vector<Hierarchy>& hs, const std::string& id) {
  CgroupEntry entry;
  for (const Hierarchy& h : hs) {
    std::string dir = CgroupDir(h, id);
    if (!h.v1) {
      entry.v2_dir = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      Must(entry.v2_dir >= 0, "open " + dir);
      continue;
    }
    std::string path = dir + "/tasks";
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    Must(fd >= 0, "open " + path);
    entry.tasks_files.push_back(fd);
  }
  return entry;
}

// In the child: joins each v1 cgroup.
void JoinV1Cgroups(const CgroupEntry& entry) {
  for (int fd : entry.tasks_files) Must(write(fd, "0", 1) == 1, "write 0 to tasks");
}

void CloseCgroupEntry(const CgroupEntry& entry) {
  if (entry.v2_dir >= 0) close(entry.v2_dir);
  for (int fd : entry.tasks_files) close(fd);
}

// rmdir of every cgroup; the kernel may report EBUSY for a moment after
// the last process exited (as nsinit's manager, it retries then).
void RemoveCgroups(const std::vector<Hierarchy>& hs, const std::string& id) {
  for (int attempt = 0;; ++attempt) {
    bool busy = false;
    for (const Hierarchy& h : hs) {
      std::string dir = CgroupDir(h, id);
      if (rmdir(dir.c_str()) == 0 || errno == ENOENT) continue;
      Must(errno == EBUSY && attempt < 100, "rmdir " + dir);
      busy = true;
    }
    if (!busy) return;
    usleep(1000);
  }
}

void BringUpLoopback() {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  Must(sock >= 0, "socket AF_INET");
  struct ifreq ifr = {};
  memcpy(ifr.ifr_name, "lo", 3);
  Must(ioctl(sock, SIOCGIFFLAGS, &ifr) == 0, "SIOCGIFFLAGS lo");
  ifr.ifr_flags |= IFF_UP;
  Must(ioctl(sock, SIOCSIFFLAGS, &ifr) == 0, "SIOCSIFFLAGS lo");
  close(sock);
}

void Mount(const char* source, const std::string& target, const char* type, unsigned long flags,
           const char* data) {
  Must(mount(source, target.c_str(), type, flags, data) == 0, "mount on " + target);
}

void BindReadOnly(const std::string& source, const std::string& target, unsigned long extra) {
  Mount(source.c_str(), target, nullptr, MS_BIND | MS_REC, nullptr);
  Mount(nullptr, target, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | extra, nullptr);
}

// The config's mounts under ROOTFS, before pivot_root.
void MountTheConfig(const std::string& rootfs, const std::vector<Hierarchy>& hs,
                    const std::string& id) {
  constexpr unsigned long kNoSuidDevExec = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  Mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr);
  Mount(rootfs.c_str(), rootfs, nullptr, MS_BIND | MS_REC, nullptr);
  Mount("proc", rootfs + "/proc", "proc", 0, nullptr);
  Mount("tmpfs", rootfs + "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
  for (const char* d : {"/dev/pts", "/dev/shm", "/dev/mqueue"}) {
    Must(mkdir((rootfs + d).c_str(), 0755) == 0, std::string("mkdir ") + d);
  }
  Mount("devpts", rootfs + "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
        "newinstance,ptmxmode=0666,mode=0620,gid=5");
  Mount("shm", rootfs + "/dev/shm", "tmpfs", kNoSuidDevExec, "mode=1777,size=65536k");
  Mount("mqueue", rootfs + "/dev/mqueue", "mqueue", kNoSuidDevExec, nullptr);
  Mount("sysfs", rootfs + "/sys", "sysfs", MS_RDONLY | kNoSuidDevExec, nullptr);
  g_marks.Mark("child: mounts: the rootfs, /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys");
  const std::string cgroup_mount = rootfs + "/sys/fs/cgroup";
  Mount("tmpfs", cgroup_mount, "tmpfs", kNoSuidDevExec | MS_RELATIME, "mode=755");
  for (const Hierarchy& h : hs) {
    if (!h.v1) continue;
    std::string target = cgroup_mount + "/" + h.name;
    Must(mkdir(target.c_str(), 0755) == 0, "mkdir " + target);
    BindReadOnly(CgroupDir(h, id), target, kNoSuidDevExec | MS_RELATIME);
  }
  Mount(nullptr, cgroup_mount, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | kNoSuidDevExec, nullptr);
  g_marks.Mark("child: mounts: /sys/fs/cgroup, each v1 hierarchy bound read-only");
  struct Node {
    const char* name;
    unsigned major, minor;
  };
  for (const Node& n : {Node{"null", 1, 3}, Node{"zero", 1, 5}, Node{"full", 1, 7},
                        Node{"random", 1, 8}, Node{"urandom", 1, 9}, Node{"tty", 5, 0}}) {
    std::string path = rootfs + "/dev/" + n.name;
    Must(mknod(path.c_str(), S_IFCHR | 0666, makedev(n.major, n.minor)) == 0, "mknod " + path);
    Must(chmod(path.c_str(), 0666) == 0, "chmod " + path);
  }
  struct Link {
    const char* target;
    const char* name;
  };
  for (const Link& l : {Link{"/proc/self/fd", "fd"}, Link{"/proc/self/fd/0", "stdin"},
                        Link{"/proc/self/fd/1", "stdout"}, Link{"/proc/self/fd/2", "stderr"},
                        Link{"pts/ptmx", "ptmx"}}) {
    Must(symlink(l.target, (rootfs + "/dev/" + l.name).c_str()) == 0,
         "symlink /dev/" + std::string(l.name));
  }
  g_marks.Mark("child: device nodes (mknod, chmod) and /dev links");
}

void PivotRoot(const std::string& rootfs) {
  Must(chdir(rootfs.c_str()) == 0, "chdir " + rootfs);
  Must(syscall(SYS_pivot_root, ".", ".") == 0, "pivot_root . .");
  Mount(nullptr, ".", nullptr, MS_REC | MS_SLAVE, nullptr);
  Must(umount2(".", MNT_DETACH) == 0, "umount2 . MNT_DETACH");
  Must(chdir("/") == 0, "chdir /");
  Mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr);  // root.readonly
}

void MaskAndProtect() {
  for (const char* p : {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                        "/proc/sched_debug", "/sys/firmware", "/proc/scsi"}) {
    struct stat st;
    if (stat(p, &st) != 0) continue;  // what this kernel lacks needs no mask
    if (S_ISDIR(st.st_mode)) {
      Mount("tmpfs", p, "tmpfs", MS_RDONLY, "size=0k");
    } else {
      Mount("/dev/null", p, nullptr, MS_BIND, nullptr);
    }
  }
  for (const char* p : {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}) {
    if (access(p, F_OK) == 0) BindReadOnly(p, p, 0);
  }
}

// runc's default capabilities (bounding, effective, permitted).
constexpr int kCaps[] = {CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE};

void DropPrivileges() {
  struct rlimit nofile = {1024, 1024};
  Must(setrlimit(RLIMIT_NOFILE, &nofile) == 0, "setrlimit RLIMIT_NOFILE");
  Must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS");
  uint64_t keep = 0;
  for (int c : kCaps) keep |= uint64_t{1} << c;
  for (int c = 0; c <= CAP_LAST_CAP; ++c) {
    if ((keep & (uint64_t{1} << c)) == 0 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 &&
        errno != EINVAL) {
      Die("PR_CAPBSET_DROP");
    }
  }
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  for (int i = 0; i < 2; ++i) {
    data[i].effective = data[i].permitted = static_cast<uint32_t>(keep >> (32 * i));
  }
  Must(syscall(SYS_capset, &header, data) == 0, "capset");
}

[[noreturn]] void Exec(char** argv) {
  static char kPath[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static char kTerm[] = "TERM=xterm";
  char* envp[] = {kPath, kTerm, nullptr};
  execve(argv[0], argv, envp);
  Die(std::string("execve ") + argv[0]);
}

pid_t Clone(uint64_t flags, int cgroup_dir) {
  struct clone_args args = {};
  args.flags = flags;
  args.exit_signal = SIGCHLD;
  if (cgroup_dir >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup_dir);
  }
  return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
}

int Wait(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) Must(errno == EINTR, "waitpid");
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// A pipe whose write end closes at the child's exec: the parent's read
// returns 0 once the container's process runs its command.
struct ExecPipe {
  int fds[2];
  ExecPipe() { Must(pipe2(fds, O_CLOEXEC) == 0, "pipe2"); }
  void WaitForExec() {
    close(fds[1]);
    char c;
    while (read(fds[0], &c, 1) < 0 && errno == EINTR) {
    }
    close(fds[0]);
  }
};

// run and create: a new container running `argv`.
pid_t StartContainer(const std::string& rootfs, const std::string& id,
                     const std::vector<Hierarchy>& hs, char** argv) {
  MakeCgroups(hs, id);
  g_marks.Mark("cgroups: mkdir in each hierarchy, cpuset filled in, device rules");
  const CgroupEntry cgroups = OpenCgroupEntry(hs, id);
  g_marks.Mark("cgroups: the tasks files opened");
  ExecPipe exec_pipe;
  const pid_t pid = Clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET,
                          cgroups.v2_dir);
  Must(pid >= 0, "clone3");
  if (pid == 0) {
    g_marks.Mark("child: clone3 into new pid, mnt, ipc, uts, net namespaces");
    JoinV1Cgroups(cgroups);
    g_marks.Mark("child: joining the v1 cgroups (0 written to each tasks file)");
    BringUpLoopback();
    g_marks.Mark("child: lo up");
    MountTheConfig(rootfs, hs, id);
    PivotRoot(rootfs);
    g_marks.Mark("child: pivot_root, the old root detached, / read-only");
    Must(sethostname("runc", 4) == 0, "sethostname");
    MaskAndProtect();
    g_marks.Mark("child: sethostname, masked and read-only paths");
    DropPrivileges();
    g_marks.Mark("child: RLIMIT_NOFILE, no_new_privs, bounding set, capset");
    Exec(argv);
  }
  CloseCgroupEntry(cgroups);
  exec_pipe.WaitForExec();
  g_marks.Mark("execve of the command (until its exec closed the pipe)");
  return pid;
}

pid_t ContainerPid(const std::vector<Hierarchy>& hs, const std::string& id) {
  std::string procs = ReadFile(CgroupDir(hs.back(), id) + "/cgroup.procs");
  pid_t pid = static_cast<pid_t>(atoi(procs.c_str()));
  errno = ESRCH;
  Must(pid > 0, "no process in container " + id);
  return pid;
}

// exec: the namespaces and cgroups of container ID's process, then
// /bin/true in a child (the pid namespace takes effect for children).
int ExecIn(const std::string& id, const std::vector<Hierarchy>& hs, char** argv) {
  const pid_t target = ContainerPid(hs, id);
  const CgroupEntry cgroups = OpenCgroupEntry(hs, id);
  std::vector<int> ns;
  for (const char* name : {"ipc", "uts", "net", "pid", "mnt"}) {
    std::string path = "/proc/" + std::to_string(target) + "/ns/" + name;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    Must(fd >= 0, "open " + path);
    ns.push_back(fd);
  }
  for (int fd : ns) {
    Must(setns(fd, 0) == 0, "setns");
    close(fd);
  }
  const pid_t pid = Clone(0, cgroups.v2_dir);
  Must(pid >= 0, "clone3");
  if (pid == 0) {
    JoinV1Cgroups(cgroups);
    Must(chdir("/") == 0, "chdir /");
    DropPrivileges();
    Exec(argv);
  }
  CloseCgroupEntry(cgroups);
  return Wait(pid);
}

int Delete(const std::string& id, const std::vector<Hierarchy>& hs) {
  if (access(CgroupDir(hs.back(), id).c_str(), F_OK) != 0) return 0;
  std::string procs = ReadFile(CgroupDir(hs.back(), id) + "/cgroup.procs");
  if (pid_t pid = static_cast<pid_t>(atoi(procs.c_str())); pid > 0) {
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    Must(pidfd >= 0, "pidfd_open");
    Must(syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) == 0, "pidfd_send_signal");
    struct pollfd exited = {pidfd, POLLIN, 0};  // readable once the process exited
    Must(poll(&exited, 1, 10000) == 1, "poll pidfd");
    close(pidfd);
  }
  RemoveCgroups(hs, id);
  return 0;
}

int Usage() {
  fprintf(stderr,
          "usage: config_floor [--debug-timings] run ROOTFS ID | create ROOTFS ID | exec ID | "
          "delete ID\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Must(g_marks.EnableIfAsked(&argc, &argv), "mmap for --debug-timings");
  if (argc < 3) return Usage();
  const std::string verb = argv[1];
  const std::vector<Hierarchy> hs = Hierarchies();
  g_marks.Mark("cgroups: the hierarchies found (statfs)");
  if (hs.empty()) {
    errno = ENOENT;
    Die("no cgroup hierarchy under /sys/fs/cgroup");
  }
  static char kTrue[] = "/bin/true";
  static char kSleep[] = "/bin/sleep";
  static char kLong[] = "1000000";
  char* true_argv[] = {kTrue, nullptr};
  char* sleep_argv[] = {kSleep, kLong, nullptr};
  if (verb == "run" && argc == 4) {
    const pid_t pid = StartContainer(argv[2], argv[3], hs, true_argv);
    const int code = Wait(pid);
    g_marks.Mark("wait: the command ran and exited, its namespaces torn down");
    RemoveCgroups(hs, argv[3]);
    g_marks.Mark("cgroups: rmdir in each hierarchy");
    g_marks.Print();
    return code;
  }
  if (verb == "create" && argc == 4) {
    StartContainer(argv[2], argv[3], hs, sleep_argv);
    return 0;
  }
  if (verb == "exec" && argc == 3) return ExecIn(argv[2], hs, true_argv);
  if (verb == "delete" && argc == 3) return Delete(argv[2], hs);
  return Usage();
}

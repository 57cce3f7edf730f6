#include "runtime/process/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/timings.h"
#include "runtime/linux/syscalls.h"
#include "runtime/process/init_image.h"
#include "runtime/process/self_exe.h"
#include "runtime/process/sync.h"

namespace nsinit::process {
namespace {

absl::Status WriteProcFile(pid_t pid, const char* name, const std::string& text) {
  std::string path = absl::StrCat("/proc/", pid, "/", name);
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", path));
  if (write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    return LastErrnoStatus(absl::StrCat("write ", path, " (", text.size(), " bytes)"));
  }
  return absl::OkStatus();
}

// The hex mask after `key` ("SigIgn:") in /proc/self/status text, or
// ~0 when it is not there. Async-signal-safe.
uint64_t StatusMask(const char* text, const char* key) {
  for (const char* line = text; *line != '\0';) {
    const char* k = key;
    const char* p = line;
    while (*k != '\0' && *p == *k) ++p, ++k;
    if (*k == '\0') {
      while (*p == '\t' || *p == ' ') ++p;
      uint64_t mask = 0;
      for (;; ++p) {
        int digit = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
        if (digit < 0) return mask;
        mask = mask << 4 | static_cast<uint64_t>(digit);
      }
    }
    while (*line != '\0' && *line != '\n') ++line;
    if (*line == '\n') ++line;
  }
  return ~uint64_t{0};
}

// The signals ignored or caught here (bit N-1 for signal N), from
// /proc/self/status: one read instead of a sigaction call per signal. All
// of them when it cannot be read (no procfs). Async-signal-safe.
uint64_t NonDefaultSignals() {
  char text[4096];
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ~uint64_t{0};
  size_t len = 0;
  for (ssize_t n; len < sizeof(text) - 1; len += static_cast<size_t>(n)) {
    n = read(fd, text + len, sizeof(text) - 1 - len);
    if (n < 0 && errno == EINTR) {
      n = 0;
      continue;
    }
    if (n <= 0) break;
  }
  close(fd);
  text[len] = '\0';
  return StatusMask(text, "SigIgn:") | StatusMask(text, "SigCgt:");
}

// exec keeps ignored signals and the signal mask: what the calling
// program ignores or blocks (a test runner, a shell, a signal-forwarding
// CLI) must not reach the container's processes (PROC-026). Caught ones
// are reset too: the mask is cleared before the exec, and the runtime's
// handlers must not run in this child. The raw syscall also reaches 32
// and 33, which glibc keeps to itself.
void ResetSignalDispositions() {
  struct {
    void* handler;
    unsigned long flags;
    void* restorer;
    unsigned long mask;
  } dfl = {nullptr, 0, nullptr, 0};  // SIG_DFL
  const uint64_t reset = NonDefaultSignals();
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP || (reset >> (sig - 1) & 1) == 0) continue;
    syscall(SYS_rt_sigaction, sig, &dfl, nullptr, sizeof(dfl.mask));
  }
  unsigned long none = 0;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, nullptr, sizeof(none));
}

// The small init image when the program links one (init_image.h), else
// the program itself.
absl::StatusOr<int> ImageToExec() {
  absl::StatusOr<int> image = SealedInitImage();
  if (image.ok() || !absl::IsNotFound(image.status())) return image;
  return SealedSelfExe();
}

// The child right after clone3: only async-signal-safe calls until exec.
[[noreturn]] void RunClonedChild(int parent_end, int child_end, int self_exe, char** argv,
                                 const int* stdio, bool new_user_ns) {
  close(parent_end);
  for (int fd = 0; fd < 3; ++fd) {
    if (stdio[fd] >= 0 && dup2(stdio[fd], fd) < 0) _exit(1);
  }
  if (!ChildWait(child_end, SyncType::kGo)) _exit(1);  // parent gone or failed
  // The sync fd must survive the re-exec; nothing else does (CLOEXEC).
  if (fcntl(child_end, F_SETFD, 0) != 0) {
    ChildSendError(child_end, ChildStep::kExecSelf, errno, "fcntl F_SETFD");
    _exit(1);
  }
  // In a new user namespace we still carry the host's ids, which the maps
  // need not include; without becoming root of the namespace first, the
  // exec below would drop every capability (capabilities(7)).
  if (new_user_ns &&
      (syscall(SYS_setresgid, 0, 0, 0) != 0 || syscall(SYS_setresuid, 0, 0, 0) != 0)) {
    ChildSendError(child_end, ChildStep::kExecSelf, errno, "becoming root of the user namespace");
    _exit(1);
  }
  ResetSignalDispositions();
  char* envp[] = {nullptr};
  sys::Execveat(self_exe, "", argv, envp, AT_EMPTY_PATH);
  ChildSendError(child_end, ChildStep::kExecSelf, errno, "execveat of the sealed runtime copy");
  _exit(1);
}

struct ClonedChildArgs {
  int parent_end;
  int child_end;
  int self_exe;
  char** argv;
  const int* stdio;
};

int ClonedChildEntry(void* p) {
  const ClonedChildArgs* a = static_cast<const ClonedChildArgs*>(p);
  RunClonedChild(a->parent_end, a->child_end, a->self_exe, a->argv, a->stdio,
                 /*new_user_ns=*/false);
}

// Where nothing waits for the child before its re-exec (no id maps to
// write): a clone with CLONE_VM | CLONE_VFORK, as posix_spawn does. The
// child runs on a stack of its own in the runtime's memory until its
// execveat, while the runtime waits; no page table is copied and the
// runtime takes no copy-on-write fault for every page it writes afterwards
// (34 on a default start, A/B in the commit). clone3 first, so that the
// child can be cloned into its cgroup (`*cgroup_fd`, set to -1 when that
// was refused and the child must be moved); clone(2) where clone3 is
// refused altogether (a seccomp filter, as container engines' defaults
// answer ENOSYS). Signals stay blocked across the clone, so no handler of
// the runtime's runs in the child before it resets them (RunClonedChild
// does, with raw syscalls, as everything it calls is async-signal-safe).
pid_t CloneSharingMemory(uint64_t flags, int* pidfd, int* cgroup_fd, ClonedChildArgs* args) {
  constexpr size_t kStackBytes = 64 * 1024;
  void* stack = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -1;
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  pid_t pid = sys::Clone3Vfork(flags | CLONE_PIDFD, pidfd, *cgroup_fd, stack, kStackBytes,
                               ClonedChildEntry, args);
  if (pid < 0 && *cgroup_fd >= 0) {
    *cgroup_fd = -1;
    pid = sys::Clone3Vfork(flags | CLONE_PIDFD, pidfd, -1, stack, kStackBytes, ClonedChildEntry,
                           args);
  }
  if (pid < 0 && (flags >> 31) == 0) {
    *cgroup_fd = -1;
    pid = clone(ClonedChildEntry, static_cast<char*>(stack) + kStackBytes,
                static_cast<int>(flags | CLONE_VM | CLONE_VFORK | CLONE_PIDFD) | SIGCHLD, args,
                pidfd);
  }
  int saved_errno = errno;
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  // The child has exec'd or exited: its stack is ours again.
  munmap(stack, kStackBytes);
  errno = saved_errno;
  return pid;
}

}  // namespace

absl::StatusOr<Spawned> Spawn(BuiltPlan built, SpawnOptions options) {
  ASSIGN_OR_RETURN(int self_exe, ImageToExec());
  timings::Mark("spawn: the image to re-execute, sealed");
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    return LastErrnoStatus("socketpair AF_UNIX SOCK_SEQPACKET");
  }
  UniqueFd parent_end(pair[0]);
  UniqueFd child_end(pair[1]);

  // argv of the re-exec'd child, built before clone: the child may not
  // allocate.
  std::string mode = built.plan.mode == InitPlan::kInit ? "init" : "execin";
  std::string fd_text = std::to_string(child_end.get());
  std::string argv0 = "nsinit";
  char* argv[] = {argv0.data(), mode.data(), fd_text.data(), nullptr};

  // A pid namespace is entered at clone: point our children's pid namespace
  // at it for the clone, then back.
  UniqueFd own_pid_ns;
  if (built.namespaces.join_pid) {
    own_pid_ns.reset(open("/proc/thread-self/ns/pid_for_children", O_RDONLY | O_CLOEXEC));
    if (!own_pid_ns) return LastErrnoStatus("open /proc/thread-self/ns/pid_for_children");
    if (setns(built.namespaces.join_pid.get(), CLONE_NEWPID) != 0) {
      return LastErrnoStatus("setns CLONE_NEWPID (the container's pid namespace)");
    }
  }
  int pidfd = -1;
  const uint64_t clone_flags = built.namespaces.clone_flags | CLONE_PIDFD;
  const int clone_into_fd = options.clone_into_cgroup ? options.clone_into_cgroup.get() : -1;
  int cgroup_fd = clone_into_fd;
  // Without id maps to write, the child needs nothing from us before its
  // re-exec: its go is sent now, so that it may run while we wait for it.
  bool share_memory = !built.namespaces.new_user;
  const bool go_sent = share_memory;
  if (go_sent) RETURN_IF_ERROR(SendMessage(parent_end.get(), SyncType::kGo));
  pid_t pid = -1;
  if (share_memory) {
    ClonedChildArgs args = {parent_end.get(), child_end.get(), self_exe, argv, options.stdio};
    pid = CloneSharingMemory(built.namespaces.clone_flags, &pidfd, &cgroup_fd, &args);
    // Refused (seccomp filters on clone(2) and clone3, a kernel without
    // CLONE_PIDFD): the copying clone3, the go already queued for its child.
    if (pid < 0) {
      share_memory = false;
      cgroup_fd = clone_into_fd;
    }
  }
  if (!share_memory) {
    pid = sys::Clone3(clone_flags, &pidfd, cgroup_fd);
    if (pid < 0 && cgroup_fd >= 0) {
      cgroup_fd = -1;  // join_cgroups moves the child instead
      pid = sys::Clone3(clone_flags, &pidfd);
    }
  }
  int clone_errno = errno;
  if (pid == 0) {
    RunClonedChild(parent_end.get(), child_end.get(), self_exe, argv, options.stdio,
                   built.namespaces.new_user);
  }
  if (own_pid_ns && setns(own_pid_ns.get(), CLONE_NEWPID) != 0) {
    return LastErrnoStatus("setns CLONE_NEWPID back to the runtime's own");
  }
  if (pid < 0) {
    return ErrnoStatus(clone_errno,
                       absl::StrCat("clone3 (namespace flags ", built.namespaces.clone_flags, ")"));
  }
  options.clone_into_cgroup.reset();
  if (share_memory) {
    timings::Mark(cgroup_fd >= 0 ? "spawn: clone sharing memory into the cgroup, until its exec"
                                 : "spawn: clone sharing memory, until the child's exec");
  } else {
    timings::Mark(cgroup_fd >= 0 ? "spawn: clone3 into the cgroup" : "spawn: clone3");
  }
  Spawned out;
  out.child = ChildProcess(pid, UniqueFd(pidfd));
  child_end.reset();

  if (built.namespaces.new_user) {
    // Before any setup runs as uid 0 in the new namespace (v1: the init
    // blocks until its maps are written).
    RETURN_IF_ERROR(WriteProcFile(pid, "uid_map", built.namespaces.uid_map));
    if (built.namespaces.deny_setgroups) RETURN_IF_ERROR(WriteProcFile(pid, "setgroups", "deny"));
    RETURN_IF_ERROR(WriteProcFile(pid, "gid_map", built.namespaces.gid_map));
  }
  if (!go_sent) RETURN_IF_ERROR(SendMessage(parent_end.get(), SyncType::kGo));
  timings::Mark("spawn: id maps, go sent");

  if (options.complete_plan) options.complete_plan(pid, &built.plan);
  std::vector<int> fds;
  for (const UniqueFd& fd : built.namespaces.join_fds) fds.push_back(fd.get());
  if (options.start_listener) fds.push_back(options.start_listener.get());
  if (options.seccomp_listener) {
    fds.push_back(options.seccomp_listener.get());
  }
  RETURN_IF_ERROR(SendPlan(parent_end.get(), EncodePlan(built.plan), fds));
  // The child holds its own copies now; ours must not keep a listener
  // reachable after the child is gone.
  options.start_listener.reset();
  options.seccomp_listener.reset();
  built.namespaces.join_fds.clear();
  timings::Mark("spawn: plan sent");

  // The cgroups, while the child re-executes and makes its namespaces.
  std::vector<UniqueFd> join_files;
  if (options.join_cgroups) {
    ASSIGN_OR_RETURN(join_files, options.join_cgroups(pid, cgroup_fd >= 0));
  }
  std::vector<int> join_fds;
  for (const UniqueFd& fd : join_files) join_fds.push_back(fd.get());
  timings::Mark("spawn: cgroups made");
  absl::Status sent = SendMessage(parent_end.get(), SyncType::kCgroupsMade, join_fds);
  join_files.clear();
  if (!sent.ok()) {
    // The child is gone: its error record, if it sent one, says why.
    absl::StatusOr<Received> why = ExpectMessage(parent_end.get(), SyncType::kReady);
    return why.ok() ? sent : why.status();
  }
  if (options.while_child_mounts) RETURN_IF_ERROR(options.while_child_mounts());

  if (built.plan.terminal) {
    ASSIGN_OR_RETURN(Received console, ExpectMessage(parent_end.get(), SyncType::kConsole));
    if (console.fds.size() != 1) return absl::InternalError("sync: console message without an fd");
    out.console = std::move(console.fds[0]);
  }
  if (built.plan.sync_hooks) {
    RETURN_IF_ERROR(ExpectMessage(parent_end.get(), SyncType::kHooks).status());
    if (options.run_hooks) RETURN_IF_ERROR(options.run_hooks(pid));
    RETURN_IF_ERROR(SendMessage(parent_end.get(), SyncType::kHooksDone));
  }
  ASSIGN_OR_RETURN(Received ready, ExpectMessage(parent_end.get(), SyncType::kReady));
  MergeChildTimings(ready.message);
  timings::Mark("spawn: ready received");
  out.sync = std::move(parent_end);
  return out;
}

absl::Status WaitForExec(Spawned& spawned) {
  ASSIGN_OR_RETURN(Received r, ReceiveMessage(spawned.sync.get()));
  spawned.sync.reset();
  if (r.eof) return absl::OkStatus();
  if (static_cast<SyncType>(r.message.type) == SyncType::kError) {
    return ChildErrorToStatus(r.message);
  }
  return absl::InternalError(absl::StrCat("sync: expected end of stream, got ",
                                          SyncTypeName(static_cast<SyncType>(r.message.type))));
}

}  // namespace nsinit::process

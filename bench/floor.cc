// The kernel floor: the least a container start can cost on this machine.
//
//   floor [--debug-timings] ROOTFS [COMMAND [ARG...]]   (COMMAND: /bin/true)
//
// It does only what every OCI runtime must do for runc's default config,
// with no runtime around it: clone into new pid, mount, ipc, uts and net
// namespaces (clone3(2), falling back to clone(2)), make the mount tree
// private, bind ROOTFS onto itself, pivot_root(2) into it and detach the old
// root ("pivot_root(".", ".")", as runc and crun do; see pivot_root(2)
// NOTES), mount a fresh /proc, set the hostname, exec COMMAND, and wait for
// it. No config parsing, no cgroups, no devices, no capabilities, no
// seccomp, no sync protocol. Its exit code is the command's (128+signal if
// killed). The start benchmarks report every runtime as a ratio to this.
//
// The child side uses raw syscalls only and reports a failed step on stderr
// with write(2), then exits 127: nothing after clone allocates.
// --debug-timings prints the time of each step on stderr, in the format of
// nsinit's (bench/phase_marks.h).
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <initializer_list>

#include "bench/phase_marks.h"

namespace {

nsinit::bench::PhaseMarks g_marks;

constexpr uint64_t kNamespaces =
    CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET;

// Writes "floor: <step>: <strerror>" and exits; async-signal-safe.
[[noreturn]] void Die(const char* step) {
  const int err = errno;
  const char* msg = strerrordesc_np(err);
  for (const char* s : {"floor: ", step, ": ", msg ? msg : "error", "\n"}) {
    (void)!write(2, s, strlen(s));
  }
  _exit(127);
}

// clone3(2) without a new stack: returns twice, like fork. ENOSYS (kernels
// before 5.3) and EPERM (seccomp filters that hide clone3) fall back to
// clone(2) with the same flags.
pid_t CloneIntoNamespaces() {
  struct clone_args args = {};
  args.flags = kNamespaces;
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid < 0 && (errno == ENOSYS || errno == EPERM)) {
    pid = syscall(SYS_clone, kNamespaces | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  }
  return static_cast<pid_t>(pid);
}

// The container's side, top to bottom. Never returns.
[[noreturn]] void ChildMain(const char* rootfs, char** argv) {
  g_marks.Mark("child: clone3 into new pid, mnt, ipc, uts, net namespaces");
  // Our mounts must not propagate back to the host (mount_namespaces(7)).
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    Die("mount / MS_REC|MS_PRIVATE");
  // pivot_root needs the new root to be a mount point.
  if (mount(rootfs, rootfs, nullptr, MS_BIND | MS_REC, nullptr) != 0)
    Die("mount rootfs MS_BIND|MS_REC");
  g_marks.Mark("child: mounts: / private, the rootfs bound");
  if (chdir(rootfs) != 0) Die("chdir rootfs");
  // pivot_root(".", "."): the old root is stacked on top of the new one and
  // then lazily detached, so no directory for it is needed in the rootfs.
  if (syscall(SYS_pivot_root, ".", ".") != 0) Die("pivot_root . .");
  if (umount2(".", MNT_DETACH) != 0) Die("umount2 . MNT_DETACH");
  if (chdir("/") != 0) Die("chdir /");
  g_marks.Mark("child: pivot_root, the old root detached");
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    Die("mount proc on /proc MS_NOSUID|MS_NODEV|MS_NOEXEC");
  }
  static const char kHostname[] = "floor";
  if (sethostname(kHostname, sizeof(kHostname) - 1) != 0) Die("sethostname floor");
  g_marks.Mark("child: /proc mounted, sethostname");
  static char kPath[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  char* envp[] = {kPath, nullptr};
  execve(argv[0], argv, envp);
  Die("execve");
}

}  // namespace

int main(int argc, char** argv) {
  if (!g_marks.EnableIfAsked(&argc, &argv)) Die("mmap for --debug-timings");
  if (argc < 2) {
    static const char kUsage[] = "usage: floor [--debug-timings] ROOTFS [COMMAND [ARG...]]\n";
    (void)!write(2, kUsage, sizeof(kUsage) - 1);
    return 2;
  }
  static char kTrue[] = "/bin/true";
  char* default_argv[] = {kTrue, nullptr};
  char** command = argc > 2 ? argv + 2 : default_argv;

  const pid_t pid = CloneIntoNamespaces();
  if (pid < 0) Die("clone3 CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWIPC|CLONE_NEWUTS|CLONE_NEWNET");
  if (pid == 0) ChildMain(argv[1], command);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Die("waitpid");
  }
  g_marks.Mark("wait: the command ran and exited, its namespaces torn down");
  g_marks.Print();
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

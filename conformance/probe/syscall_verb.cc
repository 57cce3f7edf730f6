#include "conformance/probe/syscall_verb.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace nsinit::probe {
namespace {

// A scratch path unique to this process, under /tmp.
std::string Scratch(const char* what) {
  return "/tmp/probe-" + std::string(what) + "-" + std::to_string(getpid());
}

// Each runner makes the call and returns its raw result; errno is read by
// the caller right after.
struct Entry {
  const char* name;
  long (*run)();
};

long RunGetcwd() {
  char buf[4096];
  return syscall(SYS_getcwd, buf, sizeof(buf));
}

long RunMkdir() {
  std::string path = Scratch("mkdir");
  long ret = syscall(SYS_mkdir, path.c_str(), 0700);
  int saved = errno;
  if (ret == 0) syscall(SYS_rmdir, path.c_str());
  errno = saved;
  return ret;
}

long RunMkdirat() {
  std::string path = Scratch("mkdirat");
  long ret = syscall(SYS_mkdirat, AT_FDCWD, path.c_str(), 0700);
  int saved = errno;
  if (ret == 0) syscall(SYS_rmdir, path.c_str());
  errno = saved;
  return ret;
}

long RunOpenat() {
  long ret = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_CLOEXEC);
  int saved = errno;
  if (ret >= 0) close(static_cast<int>(ret));
  errno = saved;
  return ret;
}

// unshare(0) changes nothing but still passes through seccomp.
long RunUnshare() { return syscall(SYS_unshare, 0); }

long RunMount() {
  std::string path = Scratch("mount");
  if (syscall(SYS_mkdir, path.c_str(), 0700) != 0 && errno != EEXIST) {
    return -1;
  }
  long ret = syscall(SYS_mount, "probe", path.c_str(), "tmpfs", 0, "size=64k");
  int saved = errno;
  if (ret == 0) syscall(SYS_umount2, path.c_str(), MNT_DETACH);
  syscall(SYS_rmdir, path.c_str());
  errno = saved;
  return ret;
}

// umount2 of a path that is not a mount point: EINVAL when allowed.
long RunUmount2() { return syscall(SYS_umount2, "/probe-not-mounted", 0); }

// PEEKDATA on ourselves: ESRCH when allowed (we are not traced), so nothing
// ever becomes a tracer of the probe.
long RunPtrace() { return syscall(SYS_ptrace, PTRACE_PEEKDATA, getpid(), 0, 0); }

// Undefined flag bits and too many segments: EINVAL (or EPERM without
// CAP_SYS_BOOT) before anything is loaded. Never flags 0 with 0 segments,
// which would unload a loaded kexec image.
long RunKexecLoad() { return syscall(SYS_kexec_load, 0UL, 17UL, nullptr, 0xffff8000UL); }

// A wrong magic: EINVAL (or EPERM without CAP_SYS_BOOT); never reboots.
long RunReboot() { return syscall(SYS_reboot, 0x1234, 0x5678, LINUX_REBOOT_CMD_CAD_OFF, nullptr); }

long RunPersonality() { return syscall(SYS_personality, 0xffffffffUL); }

long RunGetpid() { return syscall(SYS_getpid); }

long RunSocket() {
  long ret = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int saved = errno;
  if (ret >= 0) close(static_cast<int>(ret));
  errno = saved;
  return ret;
}

// setns on an invalid fd: EBADF when allowed.
long RunSetns() { return syscall(SYS_setns, -1, 0); }

// chroot("/") keeps the root where it is.
long RunChroot() { return syscall(SYS_chroot, "/"); }

// bpf with an invalid command: EINVAL when allowed.
long RunBpf() { return syscall(SYS_bpf, -1, nullptr, 0); }

long RunKeyctl() {
  // KEYCTL_GET_KEYRING_ID (0) of the session keyring (-3), no create.
  return syscall(SYS_keyctl, 0, -3, 0);
}

// SYSLOG_ACTION_SIZE_BUFFER (10) only queries.
long RunSyslog() { return syscall(SYS_syslog, 10, nullptr, 0); }

long RunUname() {
  char buf[512];
  return syscall(SYS_uname, buf);
}

long RunClone() {
  // CLONE_THREAD without CLONE_SIGHAND, plus CLONE_NEWUSER: copy_process
  // rejects the combination with EINVAL before creating anything.
  return syscall(SYS_clone, 0x00010000UL | 0x10000000UL, nullptr, nullptr, nullptr, 0);
}

long RunSwapoff() { return syscall(SYS_swapoff, "/probe-not-swap"); }

long RunInitModule() { return syscall(SYS_init_module, nullptr, 0UL, ""); }

long RunPivotRoot() { return syscall(SYS_pivot_root, "/probe-not-dir", "/probe-not-dir"); }

long RunUserfaultfd() {
  long ret = syscall(SYS_userfaultfd, O_CLOEXEC);
  int saved = errno;
  if (ret >= 0) close(static_cast<int>(ret));
  errno = saved;
  return ret;
}

constexpr Entry kTable[] = {
    {"getcwd", RunGetcwd},
    {"getpid", RunGetpid},
    {"uname", RunUname},
    {"mkdir", RunMkdir},
    {"mkdirat", RunMkdirat},
    {"openat", RunOpenat},
    {"unshare", RunUnshare},
    {"mount", RunMount},
    {"umount2", RunUmount2},
    {"ptrace", RunPtrace},
    {"kexec_load", RunKexecLoad},
    {"reboot", RunReboot},
    {"personality", RunPersonality},
    {"socket", RunSocket},
    {"setns", RunSetns},
    {"chroot", RunChroot},
    {"bpf", RunBpf},
    {"keyctl", RunKeyctl},
    {"syslog", RunSyslog},
    {"clone", RunClone},
    {"swapoff", RunSwapoff},
    {"init_module", RunInitModule},
    {"pivot_root", RunPivotRoot},
    {"userfaultfd", RunUserfaultfd},
};

}  // namespace

std::vector<std::string> KnownSyscalls() {
  std::vector<std::string> names;
  for (const Entry& e : kTable) names.push_back(e.name);
  return names;
}

void VerbSyscall(JsonWriter& w, const std::string& name) {
  w.StartObject();
  WriteKeyString(w, "verb", "syscall");
  WriteKeyString(w, "name", name);
  const Entry* entry = nullptr;
  for (const Entry& e : kTable) {
    if (name == e.name) entry = &e;
  }
  WriteString(w, "known");
  w.Bool(entry != nullptr);
  if (entry == nullptr) {
    WriteString(w, "known_names");
    w.StartArray();
    for (const Entry& e : kTable) WriteString(w, e.name);
    w.EndArray();
    w.EndObject();
    return;
  }
  errno = 0;
  long ret = entry->run();
  int err = ret < 0 ? errno : 0;
  WriteString(w, "ret");
  w.Int64(ret);
  WriteString(w, "ok");
  w.Bool(ret >= 0);
  WriteErrno(w, "errno", err);
  w.EndObject();
}

}  // namespace nsinit::probe

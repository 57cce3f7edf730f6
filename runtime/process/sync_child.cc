#include "runtime/process/sync_child.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/base/scm_rights.h"
#include "runtime/base/timings.h"

namespace nsinit::process {
namespace {

const char* const kStepNames[] = {
    "waiting for the parent",
    "re-executing the runtime",
    "reading the plan",
    "closing inherited fds",
    "making the init non-dumpable",
    "joining namespace",
    "creating namespaces",
    "setsid",
    "bringing up loopback",
    "making / a slave mount",
    "binding the rootfs",
    "creating mount target",
    "mount",
    "setting mount propagation",
    "mount_setattr",
    "remount",
    "mknod",
    "symlink",
    "masking path",
    "making path read-only",
    "setting up the console",
    "pivot_root",
    "setting rootfs propagation",
    "remounting / read-only",
    "sethostname",
    "setdomainname",
    "writing sysctl",
    "setrlimit",
    "writing oom_score_adj",
    "ioprio_set",
    "sched_setattr",
    "sched_setaffinity",
    "setting the personality",
    "setting no_new_privs",
    "setgroups",
    "setgid",
    "setuid",
    "setting capabilities",
    "chdir",
    "looking up the executable",
    "reporting ready",
    "waiting for start",
    "setting the parent-death signal",
    "setting the AppArmor profile",
    "loading the seccomp filter",
    "sending the seccomp listener fd to linux.seccomp.listenerPath",
    "setting the SELinux process label",
    "exec",
    "waiting for the runtime's prestart/createRuntime hooks",
    "running createContainer",
    "running startContainer",
    "handing stdio to the container's user (fchown)",
    "chroot into the root (no mount namespace)",
    "set_mempolicy (linux.memoryPolicy)",
    "tmpcopyup: copying the image's directory into the tmpfs at",
    "waiting for the runtime to make the cgroups",
    "joining the cgroup: writing 0 to",
};
static_assert(sizeof(kStepNames) / sizeof(kStepNames[0]) == static_cast<size_t>(ChildStep::kCount));

}  // namespace

const char* SyncTypeName(SyncType type) {
  switch (type) {
    case SyncType::kGo:
      return "go";
    case SyncType::kPlan:
      return "plan";
    case SyncType::kConsole:
      return "console";
    case SyncType::kReady:
      return "ready";
    case SyncType::kCgroupsMade:
      return "cgroups made";
    case SyncType::kError:
      return "error";
    case SyncType::kHooks:
      return "hooks";
    case SyncType::kHooksDone:
      return "hooks done";
  }
  return "unknown";
}

const char* ChildStepName(ChildStep step) {
  size_t i = static_cast<size_t>(step);
  return i < static_cast<size_t>(ChildStep::kCount) ? kStepNames[i] : "unknown step";
}

void ChildSendError(int fd, ChildStep step, int err, const char* text) {
  SyncMessage m;
  m.type = static_cast<uint32_t>(SyncType::kError);
  m.step = static_cast<uint32_t>(step);
  m.err = err;
  if (text != nullptr) {
    size_t len = strnlen(text, sizeof(m.text) - 1);
    memcpy(m.text, text, len);
    m.text[len] = '\0';
  }
  SendWithFds(fd, &m, sizeof(m), nullptr, 0);
}

bool ChildSend(int fd, SyncType type, int pass_fd) {
  SyncMessage m;
  m.type = static_cast<uint32_t>(type);
  return SendWithFds(fd, &m, sizeof(m), &pass_fd, pass_fd >= 0 ? 1 : 0) == sizeof(m);
}

namespace {

ChildStep g_child_steps[kMaxChildMarks];
int64_t g_child_ns[kMaxChildMarks];
uint32_t g_child_marks = 0;

}  // namespace

void ChildMark(ChildStep step) {
  if (g_child_marks >= kMaxChildMarks) return;
  g_child_steps[g_child_marks] = step;
  g_child_ns[g_child_marks++] = timings::NowNs();
}

bool ChildSendReady(int fd) {
  ChildMark(ChildStep::kLookupExecutable);
  SyncMessage m;
  m.type = static_cast<uint32_t>(SyncType::kReady);
  ChildTimingRecord r = {};
  r.base_ns = g_child_ns[0];
  r.count = g_child_marks;
  for (uint32_t i = 0; i < g_child_marks; ++i) {
    r.marks[i].step = static_cast<uint32_t>(g_child_steps[i]);
    r.marks[i].offset_us = static_cast<uint32_t>((g_child_ns[i] - r.base_ns) / 1000);
  }
  memcpy(m.text, &r, sizeof(r));
  int none = -1;
  return SendWithFds(fd, &m, sizeof(m), &none, 0) == sizeof(m);
}

bool ChildSendBytes(int fd, const char* data, size_t len, int pass_fd) {
  bool fd_sent = false;
  while (len > 0 || !fd_sent) {
    ssize_t n = SendWithFds(fd, data, len, &pass_fd, fd_sent || pass_fd < 0 ? 0 : 1);
    if (n < 0) return false;
    fd_sent = true;
    data += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool ChildWait(int fd, SyncType type, int* fds, size_t* nfds) {
  SyncMessage m;
  int got[kMaxPassedFds];
  size_t ngot = 0;
  ssize_t n = ReceiveWithFds(fd, &m, sizeof(m), got, &ngot);
  const bool ok = n == sizeof(m) && m.type == static_cast<uint32_t>(type);
  if (ok && fds != nullptr) {
    for (size_t i = 0; i < ngot; ++i) fds[i] = got[i];
    *nfds = ngot;
    return true;
  }
  for (size_t i = 0; i < ngot; ++i) close(got[i]);
  return ok;
}

bool ChildReceivePlan(int fd, std::string* bytes, std::vector<int>* fds) {
  // Peek for the size first: the plan is one message of any length.
  ssize_t size;
  do {
    size = recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC);
  } while (size < 0 && errno == EINTR);
  if (size < 0) return false;
  bytes->assign(static_cast<size_t>(size), '\0');
  int got[kMaxPassedFds];
  size_t nfds = 0;
  ssize_t n = ReceiveWithFds(fd, bytes->data(), bytes->size(), got, &nfds);
  if (n <= 0) {
    if (n == 0) errno = 0;
    return false;
  }
  fds->assign(got, got + nfds);
  return true;
}

}  // namespace nsinit::process

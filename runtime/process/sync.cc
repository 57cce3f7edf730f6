#include "runtime/process/sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
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

absl::Status SendMessage(int fd, SyncType type, const std::vector<int>& fds) {
  SyncMessage m;
  m.type = static_cast<uint32_t>(type);
  if (fds.size() > kMaxPassedFds) return absl::InvalidArgumentError("sync: too many fds");
  if (SendWithFds(fd, &m, sizeof(m), fds.data(), fds.size()) != sizeof(m)) {
    return LastErrnoStatus(absl::StrCat("sync: sending ", SyncTypeName(type)));
  }
  return absl::OkStatus();
}

absl::Status SendPlan(int fd, const std::string& bytes, const std::vector<int>& fds) {
  if (fds.size() > kMaxPassedFds) return absl::InvalidArgumentError("sync: too many fds");
  ssize_t n = SendWithFds(fd, bytes.data(), bytes.size(), fds.data(), fds.size());
  if (n != static_cast<ssize_t>(bytes.size())) {
    return LastErrnoStatus(absl::StrCat("sync: sending the plan (", bytes.size(), " bytes)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Received> ReceiveMessage(int fd) {
  Received r;
  int fds[kMaxPassedFds];
  size_t nfds = 0;
  ssize_t n = ReceiveWithFds(fd, &r.message, sizeof(r.message), fds, &nfds);
  for (size_t i = 0; i < nfds; ++i) r.fds.emplace_back(fds[i]);
  if (n < 0) {
    // ECONNRESET: the child died without closing cleanly; same as EOF.
    if (errno == ECONNRESET) {
      r.eof = true;
      return r;
    }
    return LastErrnoStatus("sync: receiving from the child");
  }
  if (n == 0) {
    r.eof = true;
    return r;
  }
  if (n != sizeof(SyncMessage)) {
    return absl::DataLossError(absl::StrCat("sync: short message (", n, " bytes)"));
  }
  r.message.text[sizeof(r.message.text) - 1] = '\0';
  return r;
}

absl::Status ChildErrorToStatus(const SyncMessage& m) {
  std::string what = ChildStepName(static_cast<ChildStep>(m.step));
  if (m.text[0] != '\0') absl::StrAppend(&what, " ", m.text);
  if (m.err == 0) return absl::InternalError(what);
  return ErrnoStatus(m.err, what);
}

absl::StatusOr<Received> ExpectMessage(int fd, SyncType want) {
  absl::StatusOr<Received> r = ReceiveMessage(fd);
  if (!r.ok()) return r.status();
  if (r->eof) {
    return absl::AbortedError(absl::StrCat("sync: expected ", SyncTypeName(want),
                                           ", got end of stream (the child exited)"));
  }
  auto got = static_cast<SyncType>(r->message.type);
  if (got == want) return r;
  if (got == SyncType::kError) return ChildErrorToStatus(r->message);
  return absl::InternalError(
      absl::StrCat("sync: expected ", SyncTypeName(want), ", got ", SyncTypeName(got)));
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

constexpr uint32_t kMaxChildMarks = 28;

// The child's marks, packed into kReady's text: a base time and, per mark,
// its step and microseconds after the base.
struct ChildTimingRecord {
  int64_t base_ns;
  uint32_t count;
  uint32_t reserved;
  struct {
    uint32_t step;
    uint32_t offset_us;
  } marks[kMaxChildMarks];
};
static_assert(sizeof(ChildTimingRecord) <= sizeof(SyncMessage::text));

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

void MergeChildTimings(const SyncMessage& ready) {
  // "child: <step>" for every step, made once (the marks keep the pointers).
  static const std::string* names = [] {
    auto* n = new std::string[static_cast<size_t>(ChildStep::kCount)];
    for (size_t i = 0; i < static_cast<size_t>(ChildStep::kCount); ++i) {
      n[i] = absl::StrCat("child: ", ChildStepName(static_cast<ChildStep>(i)));
    }
    return n;
  }();
  ChildTimingRecord r;
  memcpy(&r, ready.text, sizeof(r));
  for (uint32_t i = 0; i < r.count && i < kMaxChildMarks; ++i) {
    if (r.marks[i].step >= static_cast<uint32_t>(ChildStep::kCount)) continue;
    timings::MarkAt(names[r.marks[i].step].c_str(),
                    r.base_ns + static_cast<int64_t>(r.marks[i].offset_us) * 1000);
  }
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

absl::StatusOr<std::string> ChildReceivePlan(int fd, std::vector<int>* fds) {
  // Peek for the size first: the plan is one message of any length.
  ssize_t size;
  do {
    size = recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC);
  } while (size < 0 && errno == EINTR);
  if (size < 0) return LastErrnoStatus("sync: peeking at the plan");
  std::string bytes(static_cast<size_t>(size), '\0');
  int got[kMaxPassedFds];
  size_t nfds = 0;
  ssize_t n = ReceiveWithFds(fd, bytes.data(), bytes.size(), got, &nfds);
  if (n < 0) return LastErrnoStatus("sync: receiving the plan");
  if (n == 0) return absl::AbortedError("sync: the parent closed the channel");
  fds->assign(got, got + nfds);
  return bytes;
}

}  // namespace nsinit::process

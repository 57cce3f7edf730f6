// The parent <-> child sync protocol: the one channel between the runtime
// and the container's init (or exec'd process) while it is being set up.
// This header is the protocol and its child side; the parent side (with
// absl::Status) is sync.h. The child side uses no abseil and nothing of
// the C++ runtime beyond std::string and std::vector, so the init image
// links without glibc (//runtime/nolibc, init_image.h).
//
// Transport: a SOCK_SEQPACKET socketpair (CLOEXEC on both ends); every
// message is one fixed-size SyncMessage, optionally carrying fds with
// SCM_RIGHTS; the plan travels as one variable-size message of its own.
//
//   parent                                  child
//   clone3(namespaces) ------------------>  blocks reading kGo
//   writes uid/gid maps
//   kGo  -------------------------------->  re-execs itself as "init"/"execin"
//   kPlan (bytes) + fds (SCM_RIGHTS) ---->  decodes, joins and makes namespaces
//   makes the cgroups (moves the child
//   into the v2 one unless cloned there)
//   kCgroupsMade + v1 `tasks` fds ------->  joins each itself (writes "0"),
//                                           cgroup namespace, applies the rest
//                       <-----------------  kConsole + pty master fd (terminal)
//                       <-----------------  kHooks: mounts ready, before pivot_root
//   (runs prestart, createRuntime hooks)       (only when the plan has sync_hooks)
//   kHooksDone -------------------------->  runs createContainer hooks, pivots
//                       <-----------------  kReady: set up; create waits here
//                       <-----------------  EOF: exec succeeded (fd is CLOEXEC)
//                       <-----------------  kError{step, errno, text}: failed,
//                                           the child exits right after
//
// Any other order is a protocol error, reported as "expected X, got Y".
// Child-side helpers are async-signal-safe (raw syscalls, no allocation).
#ifndef NSINIT_RUNTIME_PROCESS_SYNC_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_SYNC_CHILD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nsinit::process {

enum class SyncType : uint32_t {
  kGo = 1,       // parent -> child: id maps written, re-exec
  kPlan,         // parent -> child: the encoded InitPlan (variable size)
  kConsole,      // child -> parent: pty master attached
  kReady,        // child -> parent: setup done
  kError,        // child -> parent: a step failed
  kHooks,        // child -> parent: run prestart/createRuntime hooks now
  kHooksDone,    // parent -> child: they succeeded, go on
  kCgroupsMade,  // parent -> child: cgroups ready; fds: v1 tasks files to join
};

const char* SyncTypeName(SyncType type);

// Every step the child can fail in; the names appear in error messages.
enum class ChildStep : uint32_t {
  kWaitGo,
  kExecSelf,
  kReadPlan,
  kCloseFds,
  kDumpable,
  kJoinNamespace,
  kUnshare,
  kSetsid,
  kLoopback,
  kRootPropagation,
  kBindRootfs,
  kMkdirTarget,
  kMount,
  kMountPropagation,
  kMountSetattr,
  kRemount,
  kMknod,
  kSymlink,
  kMask,
  kReadonlyPath,
  kConsole,
  kPivotRoot,
  kRootfsPropagation,
  kReadonlyRoot,
  kHostname,
  kDomainname,
  kSysctl,
  kRlimit,
  kOomScoreAdj,
  kIoPriority,
  kScheduler,
  kCpuAffinity,
  kPersonality,
  kNoNewPrivs,
  kSetGroups,
  kSetGid,
  kSetUid,
  kCapabilities,
  kChdir,
  kLookupExecutable,
  kReady,
  kWaitStart,
  kPdeathsig,
  kApparmor,
  kSeccomp,
  kSeccompListener,
  kSelinux,
  kExec,
  kHookSync,             // waiting while the runtime runs its hooks
  kCreateContainerHook,  // a createContainer hook failed
  kStartContainerHook,   // a startContainer hook failed
  kStdioOwner,           // fchown of fds 0-2 to the container's user
  kChroot,               // no mount namespace: chroot into root.path
  kMemoryPolicy,         // set_mempolicy (linux.memoryPolicy)
  kTmpcopyup,            // copying the image's directory into a tmpfs
  kWaitCgroups,          // waiting while the runtime makes its cgroups
  kJoinCgroup,           // writing "0" to a v1 cgroup's tasks file
  kCount,
};

const char* ChildStepName(ChildStep step);

struct SyncMessage {
  uint32_t type = 0;  // SyncType
  uint32_t step = 0;  // kError: ChildStep
  int32_t err = 0;    // kError: errno
  uint32_t value = 0;
  char text[240] = {};  // kError: the object of the step (a path, a name)
};
static_assert(sizeof(SyncMessage) == 256);

// The child's per-step marks, packed into kReady's text: a base time and,
// per mark, its step and microseconds after the base.
inline constexpr uint32_t kMaxChildMarks = 28;
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

// ---- Child side (async-signal-safe) ------------------------------------

// Sends a kError record and returns; the caller _exit()s.
void ChildSendError(int fd, ChildStep step, int err, const char* text);
// Sends a bare message, optionally with one fd; returns false on failure.
bool ChildSend(int fd, SyncType type, int pass_fd = -1);
// Sends `len` bytes with `pass_fd` in SCM_RIGHTS on a stream socket (all
// of them, in as many writes as it takes). False with errno on failure.
bool ChildSendBytes(int fd, const char* data, size_t len, int pass_fd);
// Blocks for a message of `type`; false on EOF, error or another type.
// Fds that came with it are closed, or, given `fds` (room for
// kMaxPassedFds), stored there and counted in `*nfds`.
bool ChildWait(int fd, SyncType type, int* fds = nullptr, size_t* nfds = nullptr);

// Records that the child is done with `step` now (a fixed array, no
// allocation): the per-step timings of --debug-timings.
void ChildMark(ChildStep step);
// Sends kReady carrying the marks recorded so far (in `text`, see
// ChildTimingRecord in sync.cc); false on failure.
bool ChildSendReady(int fd);

// Reads the plan message (after re-exec, so allocation is allowed here)
// into `bytes`, and the fds that came with it into `fds`. False with errno
// on failure; errno 0 when the parent closed the channel.
bool ChildReceivePlan(int fd, std::string* bytes, std::vector<int>* fds);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SYNC_CHILD_H_

#include "runtime/process/entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "runtime/process/init_child.h"
#include "runtime/process/init_plan.h"
#include "runtime/process/sync_child.h"

// Defined by the linker only when the program is linked dynamically.
extern "C" [[gnu::weak]] const char _DYNAMIC[];

namespace nsinit {
namespace {

bool ParseFd(const char* s, int* fd) {
  char* end = nullptr;
  long v = strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 3 || v > 1 << 20) return false;
  *fd = static_cast<int>(v);
  return true;
}

}  // namespace

void RunIfChild(int argc, char** argv) {
  if (argc != 3) return;
  bool init = strcmp(argv[1], "init") == 0;
  bool execin = strcmp(argv[1], "execin") == 0;
  int sync_fd;
  if ((!init && !execin) || !ParseFd(argv[2], &sync_fd)) return;

  // A fresh, single-threaded image: from here on the child may allocate
  // (the async-signal-safe rule ends at the re-exec, spawn.cc); only from a
  // no_new_privs seccomp filter to exec nothing is allocated (init_child.cc).
  process::ChildMark(process::ChildStep::kExecSelf);  // the re-exec is done
  std::vector<int> fds;
  std::string bytes;
  if (!process::ChildReceivePlan(sync_fd, &bytes, &fds)) {
    process::ChildSendError(sync_fd, process::ChildStep::kReadPlan, errno,
                            errno == 0 ? "the parent closed the channel" : "receiving it");
    _exit(1);
  }
  process::InitPlan plan;
  const char* error = nullptr;
  if (!process::DecodePlan(bytes, &plan, &error)) {
    process::ChildSendError(sync_fd, process::ChildStep::kReadPlan, 0, error);
    _exit(1);
  }
  bool want_exec = plan.mode == process::InitPlan::kExec;
  if (want_exec != execin) {
    process::ChildSendError(sync_fd, process::ChildStep::kReadPlan, 0,
                            "plan mode does not match argv");
    _exit(1);
  }
  process::RunPlanInChild(plan, sync_fd, fds.data(), fds.size());
}

bool HasEarlyEntry() {
  // Not in a sanitizer build: its runtime initialises from .preinit_array
  // too, and the binary is dynamic anyway.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return false;
#else
  return _DYNAMIC == nullptr;
#endif
}

namespace {

// The early entry (entry.h): glibc calls each .preinit_array function with
// main's arguments once libc itself is set up, before any static
// constructor runs.
void EarlyEntry(int argc, char** argv, char** /*envp*/) {
  if (HasEarlyEntry()) RunIfChild(argc, argv);
}

[[gnu::section(".preinit_array"), gnu::used]] void (*const kEarlyEntry)(int, char**,
                                                                        char**) = EarlyEntry;

}  // namespace
}  // namespace nsinit

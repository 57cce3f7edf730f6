// Helpers for the cgroup kernel tests: a child process blocked on a pipe
// (no sleeps) that the test owns, kills and reaps.
#ifndef NSINIT_RUNTIME_CGROUPS_TEST_UTIL_H_
#define NSINIT_RUNTIME_CGROUPS_TEST_UTIL_H_

#include <sys/types.h>

#include <string>

#include "runtime/base/unique_fd.h"

namespace nsinit::cgroups {

// A forked child that blocks reading a pipe until Release() or destruction.
class BlockedChild {
 public:
  BlockedChild();
  ~BlockedChild();
  BlockedChild(const BlockedChild&) = delete;
  BlockedChild& operator=(const BlockedChild&) = delete;

  pid_t pid() const { return pid_; }
  // Reaps the child; returns its wait status (-1 if already reaped).
  int Wait();

 private:
  pid_t pid_ = -1;
  UniqueFd write_end_;
};

bool IsRoot();
// "/nsinit-cgtest-<pid>-<tag>", unique per test process.
std::string UniqueTestPath(const std::string& tag);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_TEST_UTIL_H_

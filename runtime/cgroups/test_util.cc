#include "runtime/cgroups/test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nsinit::cgroups {

BlockedChild::BlockedChild() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    close(fds[1]);
    char c;
    (void)!read(fds[0], &c, 1);  // returns at EOF: the parent closed or died
    _exit(0);
  }
  close(fds[0]);
  write_end_.reset(fds[1]);
}

BlockedChild::~BlockedChild() {
  if (pid_ > 0) {
    // A child a failed test left frozen would never die: thaw it first.
    std::ifstream in(absl::StrCat("/proc/", pid_, "/cgroup"));
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits(':', 2));
      if (f.size() != 3) continue;
      if (f[1] == "freezer") {
        std::ofstream(absl::StrCat("/sys/fs/cgroup/freezer", f[2], "/freezer.state")) << "THAWED";
      }
    }
    kill(pid_, SIGKILL);
    Wait();
  }
}

int BlockedChild::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status;
}

bool IsRoot() { return geteuid() == 0; }

std::string UniqueTestPath(const std::string& tag) {
  return absl::StrCat("/nsinit-cgtest-", getpid(), "-", tag);
}

}  // namespace nsinit::cgroups

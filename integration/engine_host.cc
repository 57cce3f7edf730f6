#include "integration/engine_host.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace nsinit::integration {

Result Shell(const std::string& command) {
  Result r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool Alive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

std::vector<std::string> MissingContainerdRunDirs() {
  static const char* const kDirs[] = {"/run/containerd/s", "/run/containerd/fifo",
                                      "/run/containerd/runc", "/run/containerd"};
  std::vector<std::string> missing;
  for (const char* d : kDirs) {
    if (access(d, F_OK) != 0) missing.push_back(d);
  }
  return missing;
}

}  // namespace nsinit::integration

// What joining v1 cgroups costs in the kernel alone, with no runtime: the
// part of a container start no user-space change can remove
// (bench/README.md, "Where the time goes").
//
//   cgroup_join [ROUNDS] [IDLE_MS]
//
// Each round: a child blocked on a pipe, IDLE_MS of quiet (so the kernel's
// cgroup_threadgroup_rwsem goes back to its reader-fast state), then the
// child moved into a fresh cgroup in every v1 hierarchy in turn, each write
// timed, two ways:
// - procs: its pid written to cgroup.procs by the parent, as runc and crun
//   join. The first write of a burst waits for an RCU grace period
//   (percpu_down_write -> rcu_sync_enter); the rest find the semaphore
//   already in writer mode.
// - self: the child writes "0" into each tasks file itself, as nsinit's
//   init joins (runtime/process/cgroups_child.h): a thread moving itself
//   takes no global lock (Linux commit 9a3284fad42f, 2021), so
//   nothing waits.
// Prints the medians of both. As root.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

double NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// v1 hierarchies: directories of /sys/fs/cgroup with cgroup.procs but no
// cgroup.controllers (that file is v2's).
std::vector<std::string> V1Hierarchies() {
  std::vector<std::string> out;
  DIR* d = opendir("/sys/fs/cgroup");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string h = std::string("/sys/fs/cgroup/") + e->d_name;
    struct stat st;
    if (lstat(h.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    if (access((h + "/cgroup.procs").c_str(), F_OK) == 0 &&
        access((h + "/cgroup.controllers").c_str(), F_OK) != 0) {
      out.push_back(h);
    }
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

bool WritePid(const std::string& dir, pid_t pid) {
  int fd = open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string text = std::to_string(pid);
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? atoi(argv[1]) : 20;
  const int idle_ms = argc > 2 ? atoi(argv[2]) : 200;
  std::vector<std::string> hierarchies = V1Hierarchies();
  if (hierarchies.empty()) {
    fprintf(stderr, "cgroup_join: no v1 hierarchy under /sys/fs/cgroup\n");
    return 1;
  }
  const std::string name = "/nsinit-cgroup-join-" + std::to_string(getpid());
  std::vector<std::string> dirs;
  for (const std::string& h : hierarchies) {
    if (mkdir((h + name).c_str(), 0755) != 0) continue;
    // A cpuset takes tasks only once it has cpus and mems.
    for (const char* f : {"cpuset.cpus", "cpuset.mems"}) {
      char buf[256] = {};
      int in = open((h + "/" + f).c_str(), O_RDONLY | O_CLOEXEC);
      if (in < 0) continue;
      ssize_t n = read(in, buf, sizeof(buf) - 1);
      close(in);
      int out = open((h + name + "/" + f).c_str(), O_WRONLY | O_CLOEXEC);
      if (out >= 0 && n > 0) (void)!write(out, buf, static_cast<size_t>(n));
      if (out >= 0) close(out);
    }
    dirs.push_back(h + name);
  }
  // procs: the parent writes the child's pid.
  std::vector<double> first, rest;
  for (int r = 0; r < rounds; ++r) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return 1;
    pid_t child = fork();
    if (child == 0) {
      close(p[1]);
      char c;
      (void)!read(p[0], &c, 1);
      _exit(0);
    }
    close(p[0]);
    usleep(static_cast<useconds_t>(idle_ms) * 1000);
    for (size_t i = 0; i < dirs.size(); ++i) {
      const double t0 = NowMs();
      if (!WritePid(dirs[i], child)) {
        fprintf(stderr, "cgroup_join: writing %s/cgroup.procs: %s\n", dirs[i].c_str(),
                strerror(errno));
        break;
      }
      (i == 0 ? first : rest).push_back(NowMs() - t0);
    }
    close(p[1]);
    waitpid(child, nullptr, 0);
  }
  // self: the child writes "0" into tasks files the parent opened, timing
  // each write and sending the times back.
  std::vector<double> self_first, self_rest;
  for (int r = 0; r < rounds; ++r) {
    std::vector<int> tasks;
    for (const std::string& d : dirs) tasks.push_back(open((d + "/tasks").c_str(), O_WRONLY));
    int go[2], back[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(back, O_CLOEXEC) != 0) return 1;
    pid_t child = fork();
    if (child == 0) {
      double times[64] = {};
      NowMs();  // the clock's first call outside the timed writes
      char c;
      (void)!read(go[0], &c, 1);
      for (size_t i = 0; i < tasks.size() && i < 64; ++i) {
        const double t0 = NowMs();
        if (write(tasks[i], "0", 1) != 1) _exit(1);
        times[i] = NowMs() - t0;
      }
      (void)!write(back[1], times, sizeof(times));
      _exit(0);
    }
    usleep(static_cast<useconds_t>(idle_ms) * 1000);
    (void)!write(go[1], "g", 1);
    double times[64] = {};
    const bool got = read(back[0], times, sizeof(times)) == static_cast<ssize_t>(sizeof(times));
    int status = 0;
    waitpid(child, &status, 0);
    if (!got || status != 0) {
      fprintf(stderr, "cgroup_join: the child could not write 0 to every tasks file\n");
      return 1;
    }
    for (size_t i = 0; i < tasks.size() && i < 64; ++i) {
      (i == 0 ? self_first : self_rest).push_back(times[i]);
    }
    for (int fd : tasks) close(fd);
    for (int fd : {go[0], go[1], back[0], back[1]}) close(fd);
  }
  for (const std::string& d : dirs) rmdir(d.c_str());
  printf("v1 hierarchies: %zu, rounds: %d, idle before each: %d ms\n", dirs.size(), rounds,
         idle_ms);
  printf("procs: first cgroup.procs write of a round: median %.3f ms, max %.3f ms\n", Median(first),
         first.empty() ? 0 : *std::max_element(first.begin(), first.end()));
  printf("procs: each following write:                median %.3f ms\n", Median(rest));
  printf("self:  first \"0\" into tasks of a round:     median %.3f ms, max %.3f ms\n",
         Median(self_first),
         self_first.empty() ? 0 : *std::max_element(self_first.begin(), self_first.end()));
  printf("self:  each following write:                median %.3f ms\n", Median(self_rest));
  return 0;
}

// maxrss: runs a command and writes the peak RSS of its process tree.
//
//   maxrss OUT_FILE COMMAND [ARG...]
//
// Writes "<ru_maxrss in KiB>\n" to OUT_FILE and exits with the command's
// exit code (128+signal if killed).
//
// Why a separate tiny static program: execve(2) folds the high-water RSS of
// the mm it replaces into the process's ru_maxrss, and a child forked or
// vforked from the benchmark starts out sharing or copying the benchmark's
// few megabytes. Forked from this program instead, the command starts from
// a ~100 KiB image, so wait4(2)'s ru_maxrss is the runtime's own peak (and
// that of every process it reaped: its init re-exec, the container
// process).
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: maxrss OUT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    perror("maxrss: fork");
    return 127;
  }
  if (pid == 0) {
    execv(argv[2], argv + 2);
    perror("maxrss: execv");
    _exit(127);
  }
  int status = 0;
  rusage usage = {};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      perror("maxrss: wait4");
      return 127;
    }
  }
  FILE* out = fopen(argv[1], "we");
  if (out == nullptr || fprintf(out, "%ld\n", usage.ru_maxrss) < 0 || fclose(out) != 0) {
    perror("maxrss: writing OUT_FILE");
    return 127;
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

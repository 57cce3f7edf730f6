#include "runtime/process/signal_forwarder.h"

#include <sys/wait.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace nsinit {
namespace {

// A child that blocks every signal, says it is ready on `ready`, and exits
// with the number of the first signal it receives.
pid_t SignalReporter(int ready) {
  pid_t pid = fork();
  if (pid == 0) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, nullptr);
    char c = 'r';
    if (write(ready, &c, 1) != 1) _exit(100);
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    _exit(sig > 0 ? sig : 101);
  }
  return pid;
}

// Starts a SignalReporter, waits until it is ready, raises `sig` in this
// process while a forwarder to the child is in place, and stores the
// child's wait status in `*status`.
void RaiseForwarded(int sig, int* status) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t child = SignalReporter(p[1]);
  ASSERT_GT(child, 0);
  close(p[1]);
  char c;
  ASSERT_EQ(read(p[0], &c, 1), 1);
  close(p[0]);
  SignalForwarder forwarder(child);
  ASSERT_EQ(raise(sig), 0);  // would end this test process without the forwarder
  ASSERT_EQ(waitpid(child, status, 0), child);
}

TEST(SignalForwarderTest, EachSignalReachesTheChild) {
  for (int sig : SignalForwarder::kSignals) {
    int status = 0;
    ASSERT_NO_FATAL_FAILURE(RaiseForwarded(sig, &status));
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), sig) << strsignal(sig);
  }
}

TEST(SignalForwarderTest, IgnoredSignalsAreCaughtAndDispositionsRestored) {
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction before;
  ASSERT_EQ(sigaction(SIGINT, &ignore, &before), 0);
  int status = 0;
  ASSERT_NO_FATAL_FAILURE(RaiseForwarded(SIGINT, &status));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == SIGINT) << status;
  struct sigaction after;
  ASSERT_EQ(sigaction(SIGINT, nullptr, &after), 0);
  EXPECT_EQ(after.sa_handler, SIG_IGN);
  sigaction(SIGINT, &before, nullptr);
}

}  // namespace
}  // namespace nsinit

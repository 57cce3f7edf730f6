#include "runtime/process/sync.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "runtime/base/timings.h"

namespace nsinit::process {
namespace {

struct Pair {
  UniqueFd parent, child;
  Pair() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
    parent.reset(fds[0]);
    child.reset(fds[1]);
  }
};

TEST(SyncTest, ErrorRecordBecomesANamedStatus) {
  Pair p;
  errno = 0;
  ChildSendError(p.child.get(), ChildStep::kMount, EPERM, "proc");
  absl::StatusOr<Received> r = ExpectMessage(p.parent.get(), SyncType::kReady);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "mount proc: EPERM: Operation not permitted");
}

TEST(SyncTest, ReadyCarriesTheChildsStepTimings) {
  Pair p;
  timings::Reset();
  ChildMark(ChildStep::kUnshare);
  ChildMark(ChildStep::kPivotRoot);
  ASSERT_TRUE(ChildSendReady(p.child.get()));
  absl::StatusOr<Received> r = ExpectMessage(p.parent.get(), SyncType::kReady);
  ASSERT_TRUE(r.ok()) << r.status();
  MergeChildTimings(r->message);
  const std::string report = timings::Report();
  EXPECT_NE(report.find(" child: creating namespaces\n"), std::string::npos) << report;
  EXPECT_NE(report.find(" child: pivot_root\n"), std::string::npos) << report;
  EXPECT_NE(report.find(" child: looking up the executable\n"), std::string::npos) << report;
}

TEST(SyncTest, UnexpectedMessageIsAProtocolError) {
  Pair p;
  ASSERT_TRUE(ChildSend(p.child.get(), SyncType::kConsole));
  absl::StatusOr<Received> r = ExpectMessage(p.parent.get(), SyncType::kReady);
  EXPECT_EQ(r.status().message(), "sync: expected ready, got console");
}

TEST(SyncTest, HookFailureWithoutErrnoNamesTheHook) {
  Pair p;
  ChildSendError(p.child.get(), ChildStep::kCreateContainerHook, 0,
                 "hook 1 (/bin/x): exit status 2");
  absl::StatusOr<Received> r = ExpectMessage(p.parent.get(), SyncType::kHooks);
  EXPECT_EQ(r.status().message(), "running createContainer hook 1 (/bin/x): exit status 2");
}

TEST(SyncTest, HooksRoundTrip) {
  Pair p;
  ASSERT_TRUE(ChildSend(p.child.get(), SyncType::kHooks));
  ASSERT_TRUE(ExpectMessage(p.parent.get(), SyncType::kHooks).ok());
  ASSERT_TRUE(SendMessage(p.parent.get(), SyncType::kHooksDone).ok());
  EXPECT_TRUE(ChildWait(p.child.get(), SyncType::kHooksDone));
  // The runtime going away while the init waits is not "done".
  p.parent.reset();
  EXPECT_FALSE(ChildWait(p.child.get(), SyncType::kHooksDone));
}

TEST(SyncTest, EndOfStreamSaysTheChildExited) {
  Pair p;
  p.child.reset();
  absl::StatusOr<Received> r = ExpectMessage(p.parent.get(), SyncType::kReady);
  EXPECT_NE(r.status().message().find("got end of stream"), absl::string_view::npos);
}

TEST(SyncTest, PlanAndFdsArrive) {
  Pair p;
  int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::string plan(100000, 'x');
  ASSERT_TRUE(SendPlan(p.parent.get(), plan, {fd}).ok());
  std::vector<int> fds;
  std::string got;
  ASSERT_TRUE(ChildReceivePlan(p.child.get(), &got, &fds)) << strerror(errno);
  EXPECT_EQ(got, plan);
  ASSERT_EQ(fds.size(), 1u);
  EXPECT_NE(fds[0], fd);
  EXPECT_EQ(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  close(fds[0]);
  close(fd);
}

TEST(SyncTest, PlanReceiveSeesTheParentGone) {
  Pair p;
  p.parent.reset();
  std::vector<int> fds;
  std::string got;
  EXPECT_FALSE(ChildReceivePlan(p.child.get(), &got, &fds));
  EXPECT_EQ(errno, 0);
}

TEST(SyncTest, GoIsReceivedByTheChild) {
  Pair p;
  ASSERT_TRUE(SendMessage(p.parent.get(), SyncType::kGo).ok());
  EXPECT_TRUE(ChildWait(p.child.get(), SyncType::kGo));
  ASSERT_TRUE(SendMessage(p.parent.get(), SyncType::kReady).ok());
  EXPECT_FALSE(ChildWait(p.child.get(), SyncType::kGo));
}

}  // namespace
}  // namespace nsinit::process

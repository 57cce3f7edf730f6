#include "conformance/pty_run.h"

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(20); }

TEST(PtyRunTest, TheCommandHasAControllingTerminalOfTheGivenSize) {
  PtyOptions o;
  o.initial = {31, 97};
  absl::StatusOr<PtyResult> r =
      RunUnderPty({"/bin/sh", "-c", "test -t 0 && test -t 1 && stty size < /dev/tty && echo ok"},
                  -1, "", Soon(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit.code, 0) << r->output;
  EXPECT_EQ(r->output, "31 97\nok\n");
}

TEST(PtyRunTest, ResizesOnceTheOutputSaysSoAndTheCommandSeesSigwinch) {
  PtyOptions o;
  o.initial = {24, 80};
  o.resize_after = "ready";
  o.resize = {40, 120};
  // The shell waits for SIGWINCH (trap), then prints the new size.
  absl::StatusOr<PtyResult> r = RunUnderPty(
      {"/bin/sh", "-c",
       "trap 'stty size; exit 0' WINCH; echo ready; while :; do read -t 1 x < /dev/null; done"},
      -1, "", Soon(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->resized);
  EXPECT_FALSE(r->exit.timed_out) << r->output;
  EXPECT_TRUE(absl::StrContains(r->output, "40 120")) << r->output;
}

TEST(PtyRunTest, ADeadlineKillsTheCommand) {
  absl::StatusOr<PtyResult> r =
      RunUnderPty({"/bin/sh", "-c", "exec cat"}, -1, "", absl::Now() + absl::Milliseconds(200), {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->exit.timed_out);
}

}  // namespace
}  // namespace nsinit::conformance

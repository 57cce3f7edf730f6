#include "runtime/linux/signals.h"

#include <signal.h>

#include "gtest/gtest.h"

namespace nsinit::sys {
namespace {

TEST(SignalsTest, NamesWithAndWithoutSigAndNumbers) {
  EXPECT_EQ(*ParseSignal("TERM"), SIGTERM);
  EXPECT_EQ(*ParseSignal("SIGKILL"), SIGKILL);
  EXPECT_EQ(*ParseSignal("hup"), SIGHUP);
  EXPECT_EQ(*ParseSignal("9"), 9);
  EXPECT_EQ(*ParseSignal("RTMIN+1"), SIGRTMIN + 1);
}

TEST(SignalsTest, RejectsNonsense) {
  EXPECT_EQ(ParseSignal("NOPE").status().message(), "unknown signal \"NOPE\"");
  EXPECT_FALSE(ParseSignal("0").ok());
  EXPECT_FALSE(ParseSignal("999").ok());
}

}  // namespace
}  // namespace nsinit::sys

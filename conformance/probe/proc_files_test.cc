#include "conformance/probe/proc_files.h"

#include "gtest/gtest.h"

namespace nsinit::probe {
namespace {

TEST(ProcStatusFieldTest, FindsExactKey) {
  constexpr char kText[] =
      "Name:\tprobe\nCapEff:\t00000000a80425fb\n"
      "CapEffX:\t1\nSeccomp:\t2\n";
  EXPECT_EQ(ProcStatusField(kText, "CapEff"), "00000000a80425fb");
  EXPECT_EQ(ProcStatusField(kText, "Seccomp"), "2");
  EXPECT_EQ(ProcStatusField(kText, "Cap"), "");
}

TEST(SplitTest, DropsEmptyPieces) {
  EXPECT_EQ(Split(",a,,b,", ','), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(Split("", ',').empty());
}

}  // namespace
}  // namespace nsinit::probe

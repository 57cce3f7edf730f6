#include "runtime/base/timings.h"

#include <string>

#include "gtest/gtest.h"

namespace nsinit::timings {
namespace {

TEST(TimingsTest, ReportListsMarksInTimeOrder) {
  Reset();
  const int64_t t0 = NowNs();
  MarkAt("second", t0 + 2000000);
  MarkAt("first", t0);
  const std::string r = Report();
  EXPECT_EQ(r, "timing: +0.000 0.000 first\ntiming: +2.000 2.000 second\n");
}

TEST(TimingsTest, ResetForgetsAndOverflowIsDropped) {
  Reset();
  EXPECT_EQ(Report(), "");
  for (int i = 0; i < 1000; ++i) Mark("many");
  const std::string r = Report();
  EXPECT_LT(r.size(), 96u * 64u);
  Reset();
  EXPECT_EQ(Report(), "");
}

}  // namespace
}  // namespace nsinit::timings

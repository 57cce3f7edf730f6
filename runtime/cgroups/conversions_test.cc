#include "runtime/cgroups/conversions.h"

#include "gtest/gtest.h"

namespace nsinit::cgroups {
namespace {

TEST(SharesToWeight, MatchesRunc) {
  EXPECT_EQ(SharesToWeight(0), 0u);  // unset
  EXPECT_EQ(SharesToWeight(2), 1u);
  EXPECT_EQ(SharesToWeight(1024), 39u);  // the v1 default
  EXPECT_EQ(SharesToWeight(262144), 10000u);
  EXPECT_EQ(SharesToWeight(1), 1u);            // clamped up
  EXPECT_EQ(SharesToWeight(1000000), 10000u);  // clamped down
}

TEST(BlkioWeightToIoWeight, MapsTheRanges) {
  EXPECT_EQ(BlkioWeightToIoWeight(0), 0u);
  EXPECT_EQ(BlkioWeightToIoWeight(10), 1u);
  EXPECT_EQ(BlkioWeightToIoWeight(500), 4950u);
  EXPECT_EQ(BlkioWeightToIoWeight(1000), 10000u);
  EXPECT_EQ(BlkioWeightToIoWeight(5), 1u);
}

TEST(SwapToV2, Values) {
  // Swap is memory+swap in v1: the v2 swap is the difference.
  EXPECT_EQ(*SwapToV2(100, 300), std::optional<int64_t>(200));
  EXPECT_EQ(*SwapToV2(100, 100), std::optional<int64_t>(0));
  EXPECT_EQ(*SwapToV2(100, -1), std::optional<int64_t>(-1));
  EXPECT_EQ(*SwapToV2(-1, std::nullopt), std::optional<int64_t>(-1));
  EXPECT_EQ(*SwapToV2(100, std::nullopt), std::optional<int64_t>());
  EXPECT_EQ(*SwapToV2(std::nullopt, std::nullopt), std::optional<int64_t>());
}

TEST(SwapToV2, Errors) {
  EXPECT_FALSE(SwapToV2(std::nullopt, 100).ok());  // swap without memory
  EXPECT_FALSE(SwapToV2(-1, 100).ok());
  absl::Status below = SwapToV2(300, 100).status();
  EXPECT_EQ(below.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(below.message().find("linux.resources.memory.swap"), absl::string_view::npos);
  EXPECT_FALSE(SwapToV2(100, -5).ok());
}

TEST(V2Values, LimitsAndCpuMax) {
  EXPECT_EQ(V2Limit(-1), "max");
  EXPECT_EQ(V2Limit(4096), "4096");
  EXPECT_EQ(V2CpuMax(50000, 100000), "50000 100000");
  EXPECT_EQ(V2CpuMax(-1, 200000), "max 200000");
  EXPECT_EQ(V2CpuMax(std::nullopt, std::nullopt), "max 100000");
  EXPECT_EQ(V2CpuMax(20000, std::nullopt), "20000 100000");
}

}  // namespace
}  // namespace nsinit::cgroups

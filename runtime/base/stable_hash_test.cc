#include "runtime/base/stable_hash.h"

#include "gtest/gtest.h"

namespace nsinit {
namespace {

// Names derived from these hashes are found again by later processes (and
// later builds): the values must never change.
TEST(StableHashTest, KnownValues) {
  EXPECT_EQ(StableHash(""), 2166136261u);
  EXPECT_EQ(StableHashHex("a"), "e40c292c");
  EXPECT_EQ(StableHashHex("/run/nsinit"), StableHashHex("/run/nsinit"));
  EXPECT_NE(StableHashHex("/run/a"), StableHashHex("/run/b"));
}

}  // namespace
}  // namespace nsinit

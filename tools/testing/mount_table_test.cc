#include "tools/testing/mount_table.h"

#include "gtest/gtest.h"

namespace nsinit::testing {
namespace {

TEST(MountTableTest, ParsesAndUnescapesMountPoints) {
  constexpr char kText[] =
      "22 1 0:21 / / rw shared:1 - ext4 /dev/sda1 rw\n"
      "23 22 0:5 / /tmp/a\\040b rw - tmpfs tmpfs rw\n";
  EXPECT_EQ(ParseMountPoints(kText), (std::vector<std::string>{"/", "/tmp/a b"}));
}

TEST(MountTableTest, ReadsOwnMountTable) {
  absl::StatusOr<std::vector<std::string>> points = ReadMountPoints();
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_FALSE(points->empty());
}

}  // namespace
}  // namespace nsinit::testing

#include "runtime/linux/mountinfo.h"

#include "gtest/gtest.h"

namespace nsinit::sys {
namespace {

TEST(ParseMountInfoTest, ParsesFieldsAndPropagation) {
  constexpr char kText[] =
      "22 1 0:21 / / rw,relatime shared:1 master:2 - ext4 /dev/sda1 "
      "rw,errors=remount-ro\n"
      "23 22 0:5 / /dev rw,nosuid - devtmpfs udev rw,size=10k\n"
      "24 22 0:6 /sub /mnt/with\\040space ro - tmpfs  rw\n"
      "garbage line\n";
  std::vector<MountInfo> m = ParseMountInfo(kText);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].mount_id, 22);
  EXPECT_EQ(m[0].parent_id, 1);
  EXPECT_EQ(m[0].mount_point, "/");
  EXPECT_EQ(m[0].fs_type, "ext4");
  EXPECT_EQ(m[0].source, "/dev/sda1");
  EXPECT_EQ(m[0].options, (std::vector<std::string>{"rw", "relatime"}));
  EXPECT_EQ(m[0].super_options, (std::vector<std::string>{"rw", "errors=remount-ro"}));
  EXPECT_EQ(m[0].propagation, (std::vector<std::string>{"shared:1", "master:2"}));
  EXPECT_EQ(m[1].propagation, (std::vector<std::string>{"private"}));
  EXPECT_EQ(m[2].mount_point, "/mnt/with space");
  EXPECT_EQ(m[2].root, "/sub");
  EXPECT_EQ(m[2].source, "");
  EXPECT_EQ(m[2].super_options, (std::vector<std::string>{"rw"}));
}

TEST(ParseMountInfoTest, DecodesEscapesInRootMountPointAndSource) {
  std::vector<MountInfo> m = ParseMountInfo("30 22 0:7 /a\\134b /t\\011x rw - tmpfs s\\012rc rw\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].root, "/a\\b");
  EXPECT_EQ(m[0].mount_point, "/t\tx");
  EXPECT_EQ(m[0].source, "s\nrc");
}

TEST(ParseMountInfoTest, KeepsOnlyTheGivenFilesystemTypes) {
  constexpr char kText[] =
      "22 1 0:21 / / rw shared:1 - ext4 /dev/sda1 rw\n"
      "25 22 0:22 / /sys/fs/cgroup/memory rw shared:2 - cgroup cgroup rw,memory\n"
      "26 22 0:23 / /sys/fs/cgroup/cgroup2ish rw - tmpfs cgroup2 rw\n"
      "27 22 0:24 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
      "28 22 0:25 / /mnt/a\\040-\\040b rw - cgroupfake x rw\n"
      "no separator cgroup line\n";
  std::vector<MountInfo> m = ParseMountInfo(kText, {"cgroup", "cgroup2"});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].mount_point, "/sys/fs/cgroup/memory");
  EXPECT_EQ(m[0].super_options, (std::vector<std::string>{"rw", "memory"}));
  EXPECT_EQ(m[1].mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(m[1].fs_type, "cgroup2");
  EXPECT_EQ(ParseMountInfo(kText).size(), 5u);  // no filter: every well-formed line
}

}  // namespace
}  // namespace nsinit::sys

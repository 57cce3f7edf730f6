#include "conformance/probe/mountinfo.h"

#include "gtest/gtest.h"

namespace nsinit::probe {
namespace {

TEST(MountInfoTest, ParsesFieldsOptionalTagsAndEscapes) {
  std::vector<MountInfo> m = ParseMountInfo(
      "36 35 98:0 /mnt1 /mnt\\040dir rw,noatime master:1 shared:7 - ext3 /dev/root "
      "rw,errors=continue\n"
      "40 36 0:5 / /dev rw,nosuid - devtmpfs udev rw,size=10k\n"
      "garbage line\n"
      "41 36 0:6 / /x ro - tmpfs tmpfs\n");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].mount_id, 36);
  EXPECT_EQ(m[0].parent_id, 35);
  EXPECT_EQ(m[0].major_minor, "98:0");
  EXPECT_EQ(m[0].root, "/mnt1");
  EXPECT_EQ(m[0].mount_point, "/mnt dir");
  EXPECT_EQ(m[0].options, (std::vector<std::string>{"rw", "noatime"}));
  EXPECT_EQ(m[0].propagation, (std::vector<std::string>{"master:1", "shared:7"}));
  EXPECT_EQ(m[0].fs_type, "ext3");
  EXPECT_EQ(m[0].source, "/dev/root");
  EXPECT_EQ(m[0].super_options, (std::vector<std::string>{"rw", "errors=continue"}));
  EXPECT_EQ(m[1].propagation, std::vector<std::string>{"private"});
  EXPECT_EQ(m[1].super_options, (std::vector<std::string>{"rw", "size=10k"}));
  EXPECT_TRUE(m[2].super_options.empty());
}

TEST(MountInfoTest, Unescapes) {
  EXPECT_EQ(UnescapeMountField("a\\011b\\012c\\134d"), "a\tb\nc\\d");
  EXPECT_EQ(UnescapeMountField("trailing\\04"), "trailing\\04");
  EXPECT_EQ(UnescapeMountField("\\999"), "\\999");
}

}  // namespace
}  // namespace nsinit::probe

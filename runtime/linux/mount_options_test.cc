#include "runtime/linux/mount_options.h"

#include <linux/mount.h>
#include <sys/mount.h>

#include "gtest/gtest.h"

namespace nsinit::sys {
namespace {

TEST(MountOptionsTest, FlagsPropagationAndData) {
  MountOptions o =
      ParseMountOptions({"nosuid", "strictatime", "mode=755", "size=65536k", "rprivate", "ro"});
  EXPECT_EQ(o.flags, MS_NOSUID | MS_STRICTATIME | MS_RDONLY);
  EXPECT_EQ(o.propagation, MS_PRIVATE | MS_REC);
  EXPECT_EQ(o.data, "mode=755,size=65536k");
}

TEST(MountOptionsTest, LaterOptionsWin) {
  EXPECT_EQ(ParseMountOptions({"ro", "rw"}).flags, 0u);
  EXPECT_EQ(ParseMountOptions({"nosuid", "suid"}).flags, 0u);
  EXPECT_EQ(ParseMountOptions({"rbind"}).flags, MS_BIND | MS_REC);
}

TEST(MountOptionsTest, RecursiveAttributes) {
  MountOptions o = ParseMountOptions({"rbind", "rro", "rnosuid", "rnoexec", "rrw"});
  EXPECT_EQ(o.rec_attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  EXPECT_EQ(o.rec_attr_clr, MOUNT_ATTR_RDONLY);
}

TEST(MountOptionsTest, RecursiveAccessTimeReplacesTheMode) {
  MountOptions o = ParseMountOptions({"rbind", "rnoatime", "rnodiratime"});
  EXPECT_EQ(o.rec_attr_set, MOUNT_ATTR_NOATIME | MOUNT_ATTR_NODIRATIME);
  EXPECT_EQ(o.rec_attr_clr, uint64_t{MOUNT_ATTR__ATIME});
  o = ParseMountOptions({"rnoatime", "rstrictatime"});
  EXPECT_EQ(o.rec_attr_set, uint64_t{MOUNT_ATTR_STRICTATIME});
  EXPECT_EQ(o.rec_attr_clr, uint64_t{MOUNT_ATTR__ATIME});
  for (const char* relatime : {"ratime", "rrelatime", "rnostrictatime", "rnorelatime"}) {
    o = ParseMountOptions({"rnoatime", relatime});
    EXPECT_EQ(o.rec_attr_set, uint64_t{MOUNT_ATTR_RELATIME}) << relatime;
    EXPECT_EQ(o.rec_attr_clr, uint64_t{MOUNT_ATTR__ATIME}) << relatime;
  }
}

TEST(MountOptionsTest, TmpcopyupIsAFlagNotData) {
  MountOptions o = ParseMountOptions({"nosuid", "tmpcopyup", "mode=1777"});
  EXPECT_TRUE(o.tmpcopyup);
  EXPECT_EQ(o.flags, static_cast<unsigned long>(MS_NOSUID));
  EXPECT_EQ(o.data, "mode=1777");
  EXPECT_FALSE(ParseMountOptions({"mode=1777"}).tmpcopyup);
  EXPECT_TRUE(IsKnownMountOption("tmpcopyup"));
}

TEST(MountOptionsTest, FlagNamesNeverHex) {
  EXPECT_EQ(MountFlagNames(MS_NOSUID | MS_NODEV | MS_NOEXEC), "MS_NOSUID|MS_NODEV|MS_NOEXEC");
  EXPECT_EQ(MountFlagNames(0), "0");
  EXPECT_EQ(MountFlagNames(MS_BIND | MS_REC), "MS_BIND|MS_REC");
}

TEST(MountOptionsTest, KnownOptions) {
  EXPECT_TRUE(IsKnownMountOption("rro"));
  EXPECT_FALSE(IsKnownMountOption("mode=755"));
  EXPECT_GT(KnownMountOptions().size(), 40u);
}

}  // namespace
}  // namespace nsinit::sys

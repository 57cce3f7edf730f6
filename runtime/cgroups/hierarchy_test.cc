#include "runtime/cgroups/hierarchy.h"

#include <vector>

#include "gtest/gtest.h"

namespace nsinit::cgroups {
namespace {

constexpr char kHybrid[] =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

TEST(ParseMountinfo, HybridHost) {
  std::vector<Hierarchy> h = ParseMountinfo(kHybrid);
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].mount_point, "/sys/fs/cgroup/cpu");
  EXPECT_TRUE(h[0].Has("cpu"));
  EXPECT_FALSE(h[0].v2);
  EXPECT_EQ(h[1].mount_point, "/sys/fs/cgroup/memory");
  // systemd's named hierarchy is kept, marked, under its name.
  EXPECT_EQ(h[2].mount_point, "/sys/fs/cgroup/systemd");
  EXPECT_TRUE(h[2].named);
  EXPECT_TRUE(h[2].Has("name=systemd"));
  EXPECT_TRUE(h[3].v2);
  EXPECT_EQ(h[3].mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(ModeOf(h), CgroupMode::kHybrid);
}

// A v2 host that mounts name=systemd for old guests stays unified.
TEST(ParseMountinfo, NamedHierarchyDoesNotMakeAV2HostHybrid) {
  std::vector<Hierarchy> h = ParseMountinfo(
      "25 20 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
      "40 25 0:37 / /run/systemd/x rw - cgroup cgroup rw,name=systemd\n");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(ModeOf(h), CgroupMode::kUnified);
}

TEST(ParseMountinfo, UnifiedHost) {
  std::vector<Hierarchy> h = ParseMountinfo(
      "25 20 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
      "rw,nsdelegate,memory_recursiveprot\n"
      "26 20 0:23 / /proc rw - proc proc rw\n");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_TRUE(h[0].v2);
  EXPECT_EQ(h[0].mount_point, "/sys/fs/cgroup");
  EXPECT_EQ(ModeOf(h), CgroupMode::kUnified);
  EXPECT_EQ(CgroupModeName(ModeOf(h)), "unified");
}

TEST(ParseMountinfo, LegacyCombinedControllersAndOptions) {
  std::vector<Hierarchy> h = ParseMountinfo(
      "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:10 - cgroup cgroup "
      "rw,cpu,cpuacct\n"
      "31 25 0:27 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset,clone_children\n"
      "32 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup "
      "rw,net_cls,net_prio,release_agent=/x\n");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].controllers, (std::vector<std::string>{"cpu", "cpuacct"}));
  EXPECT_EQ(h[1].controllers, (std::vector<std::string>{"cpuset"}));
  EXPECT_TRUE(h[2].Has("net_prio"));
  EXPECT_EQ(ModeOf(h), CgroupMode::kLegacy);
}

TEST(ParseMountinfo, BindMountsOfTheSameHierarchyCountOnce) {
  std::vector<Hierarchy> h = ParseMountinfo(
      "32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "90 80 0:29 / /rootfs/sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "91 80 0:38 / /a rw - cgroup2 cgroup2 rw\n"
      "92 80 0:38 / /b rw - cgroup2 cgroup2 rw\n");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].mount_point, "/sys/fs/cgroup/memory");
  EXPECT_EQ(h[1].mount_point, "/a");
}

TEST(ParseMountinfo, UnescapesMountPoints) {
  std::vector<Hierarchy> h =
      ParseMountinfo("41 31 0:38 / /tmp/my\\040cgroup rw - cgroup2 cgroup2 rw\n");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].mount_point, "/tmp/my cgroup");
}

TEST(ParseMountinfo, NoCgroupsAndGarbage) {
  EXPECT_TRUE(ParseMountinfo("").empty());
  EXPECT_TRUE(ParseMountinfo("garbage line\n1 2 3\n").empty());
  EXPECT_EQ(ModeOf({}), CgroupMode::kNone);
}

TEST(DetectHierarchies, ThisHostHasSome) {
  if (access("/proc/self/mountinfo", R_OK) != 0) GTEST_SKIP() << "needs /proc/self/mountinfo";
  std::vector<Hierarchy> h = DetectHierarchies();
  if (h.empty()) GTEST_SKIP() << "needs a mounted cgroup hierarchy";
  EXPECT_NE(ModeOf(h), CgroupMode::kNone);
}

}  // namespace
}  // namespace nsinit::cgroups

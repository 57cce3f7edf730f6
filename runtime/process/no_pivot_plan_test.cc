#include "runtime/process/no_pivot_plan.h"

#include <errno.h>
#include <string.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nsinit::process {
namespace {

using ::testing::ElementsAre;

sys::MountInfo Mount(std::string point, std::string fstype, std::string root = "/") {
  sys::MountInfo m;
  m.mount_point = std::move(point);
  m.fs_type = std::move(fstype);
  m.root = std::move(root);
  return m;
}

TEST(HostProcfsToHideTest, WholeProcAndSysOutsideTheRootfsInOrder) {
  std::vector<sys::MountInfo> mounts = {
      Mount("/", "ext4"),
      Mount("/proc", "proc"),
      Mount("/sys", "sysfs"),
      Mount("/sys/fs/cgroup/memory", "cgroup"),
      Mount("/proc/sys/fs/binfmt_misc", "binfmt_misc"),
      Mount("/run/elsewhere/proc", "proc"),
      Mount("/srv/bundle/rootfs/proc", "proc"),        // the container's own
      Mount("/srv/bundle/rootfs-other/sys", "sysfs"),  // not under the rootfs
      Mount("/srv/part", "proc", "/sys"),              // a bind of part of one
  };
  EXPECT_THAT(HostProcfsToHide(mounts, "/srv/bundle/rootfs/"),
              ElementsAre("/proc", "/sys", "/run/elsewhere/proc", "/srv/bundle/rootfs-other/sys"));
}

TEST(HostProcfsToHideTest, ReadsTheCallersMountTable) {
  std::vector<std::string> hide;
  ASSERT_TRUE(HostProcfsToHide("/nonexistent/rootfs", &hide)) << strerror(errno);
  EXPECT_THAT(hide, ::testing::Contains("/proc"));
}

}  // namespace
}  // namespace nsinit::process

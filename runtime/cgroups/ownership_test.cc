#include "runtime/cgroups/ownership.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace nsinit::cgroups {
namespace {

config::Spec Delegating() {
  config::Spec spec;
  spec.process.emplace();
  spec.process->user.uid = 0;
  spec.linux.namespaces = {{config::NamespaceType::kUser, ""},
                           {config::NamespaceType::kCgroup, ""}};
  spec.linux.uid_mappings = {{0, 100000, 65536}};
  spec.mounts = {{"/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "ro"}},
                 {"/sys/fs/cgroup/", "cgroup2", "cgroup", {"rw", "nosuid"}}};
  return spec;
}

TEST(CgroupOwnerTest, MapsTheProcessUidOnV2WithUserAndCgroupNamespaces) {
  config::Spec spec = Delegating();
  EXPECT_EQ(CgroupOwner(spec, CgroupMode::kUnified), std::optional<uid_t>(100000));
  spec.process->user.uid = 7;
  EXPECT_EQ(CgroupOwner(spec, CgroupMode::kUnified), std::optional<uid_t>(100007));
}

TEST(CgroupOwnerTest, NothingWhereTheSpecDoesNotCallForIt) {
  EXPECT_EQ(CgroupOwner(Delegating(), CgroupMode::kHybrid), std::nullopt);
  config::Spec no_cgroupns = Delegating();
  no_cgroupns.linux.namespaces.pop_back();
  EXPECT_EQ(CgroupOwner(no_cgroupns, CgroupMode::kUnified), std::nullopt);
  config::Spec read_only = Delegating();
  read_only.mounts.back().options = {"ro"};
  EXPECT_EQ(CgroupOwner(read_only, CgroupMode::kUnified), std::nullopt);
  config::Spec unmapped = Delegating();
  unmapped.process->user.uid = 70000;
  EXPECT_EQ(CgroupOwner(unmapped, CgroupMode::kUnified), std::nullopt);
  config::Spec no_mount = Delegating();
  no_mount.mounts.clear();
  EXPECT_EQ(CgroupOwner(no_mount, CgroupMode::kUnified), std::nullopt);
}

TEST(DelegatedFilesTest, TheKernelListOrTheSpecsThree) {
  EXPECT_EQ(DelegatedFiles("cgroup.procs\ncgroup.threads\nmemory.oom.group\n"),
            (std::vector<std::string>{"cgroup.procs", "cgroup.threads", "memory.oom.group"}));
  EXPECT_EQ(DelegatedFiles(""),
            (std::vector<std::string>{"cgroup.procs", "cgroup.subtree_control", "cgroup.threads"}));
}

// On a plain directory (chown is the same call on cgroupfs): the directory
// and the listed files change owner, the others do not, missing ones are
// skipped.
TEST(ChownCgroupTest, OnlyTheDirectoryAndTheDelegatedFiles) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to chown";
  std::string tmpl =
      std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") + "/ownership.XXXXXX";
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const std::string dir = tmpl;
  for (const char* f : {"cgroup.procs", "memory.max", "delegate"}) {
    int fd = open((dir + "/" + f).c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    if (std::string(f) == "delegate") {
      ASSERT_EQ(write(fd, "cgroup.procs\ncgroup.threads\n", 28), 28);
    }
    close(fd);
  }
  ASSERT_TRUE(ChownCgroup(dir, 100000, dir + "/delegate").ok());
  struct stat st;
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 100000u);
  EXPECT_EQ(st.st_gid, 0u);
  ASSERT_EQ(stat((dir + "/cgroup.procs").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 100000u);
  ASSERT_EQ(stat((dir + "/memory.max").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u);
  for (const char* f : {"cgroup.procs", "memory.max", "delegate"}) unlink((dir + "/" + f).c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace nsinit::cgroups

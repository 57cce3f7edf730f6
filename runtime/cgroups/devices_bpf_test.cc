// The device filter: program shape (no kernel needed) and, as root on a
// host with a cgroup2 mount, real enforcement on a child process.
#include "runtime/cgroups/devices_bpf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "runtime/cgroups/hierarchy.h"
#include "runtime/cgroups/test_util.h"

namespace nsinit::cgroups {
namespace {

config::DeviceRule Rule(bool allow, std::string type, std::optional<int64_t> major,
                        std::optional<int64_t> minor, std::string access) {
  config::DeviceRule r;
  r.allow = allow;
  r.type = std::move(type);
  r.major = major;
  r.minor = minor;
  r.access = std::move(access);
  return r;
}

TEST(BuildDeviceProgram, Shape) {
  absl::StatusOr<std::vector<bpf_insn>> empty = BuildDeviceProgram({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 8u);  // prologue (6) + deny (2)
  absl::StatusOr<std::vector<bpf_insn>> p = BuildDeviceProgram(
      {Rule(false, "a", std::nullopt, std::nullopt, "rwm"), Rule(true, "c", 1, 3, "rw")});
  ASSERT_TRUE(p.ok());
  // The last rule comes first: type, access (3), major, minor, r0, exit.
  const bpf_insn& type_check = (*p)[6];
  EXPECT_EQ(type_check.code, BPF_JMP | BPF_JNE | BPF_K);
  EXPECT_EQ(type_check.imm, BPF_DEVCG_DEV_CHAR);
  EXPECT_EQ(type_check.off, 7);  // to the end of its 8-instruction block
  EXPECT_EQ((*p)[12].imm, 1);    // r0 = allow
  // The deny-all rule ends the program: no unreachable default after it.
  EXPECT_EQ(p->size(), 6u + 8u + 2u);
  EXPECT_EQ(p->back().code, BPF_JMP | BPF_EXIT);
}

TEST(BuildDeviceProgram, BadRulesNameTheField) {
  absl::Status s = BuildDeviceProgram({Rule(true, "x", 1, 3, "rwm")}).status();
  EXPECT_TRUE(absl::StrContains(s.message(), "linux.resources.devices[0].type")) << s;
  s = BuildDeviceProgram({Rule(true, "c", 1, 3, "rwx")}).status();
  EXPECT_TRUE(absl::StrContains(s.message(), "linux.resources.devices[0].access")) << s;
}

// Opens `path` in a child placed in `cgroup_dir`; returns the child's errno.
int OpenInCgroup(const std::string& cgroup_dir, const char* path, int flags) {
  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    if (read(go[0], &c, 1) != 1) _exit(255);
    int fd = open(path, flags | O_CLOEXEC);
    _exit(fd >= 0 ? 0 : errno);
  }
  close(go[0]);
  std::ofstream(cgroup_dir + "/cgroup.procs") << pid;
  (void)!write(go[1], "x", 1);
  close(go[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ApplyDeviceFilter, EnforcedOnARealCgroup) {
  if (!IsRoot()) GTEST_SKIP() << "needs root (CAP_BPF/CAP_SYS_ADMIN)";
  std::string mount;
  for (const Hierarchy& h : DetectHierarchies()) {
    if (h.v2) mount = h.mount_point;
  }
  if (mount.empty()) GTEST_SKIP() << "needs a cgroup2 mount";
  std::string dir = mount + UniqueTestPath("devices");
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  std::vector<config::DeviceRule> rules = {Rule(false, "a", std::nullopt, std::nullopt, "rwm"),
                                           Rule(true, "c", 1, 3, "rwm"),  // /dev/null
                                           Rule(true, "c", 1, 5, "r")};   // /dev/zero, read only
  absl::Status s = ApplyDeviceFilter(dir, rules);
  if (absl::IsPermissionDenied(s) || absl::IsUnimplemented(s)) {
    rmdir(dir.c_str());
    GTEST_SKIP() << "needs BPF_PROG_TYPE_CGROUP_DEVICE: " << s;
  }
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(OpenInCgroup(dir, "/dev/null", O_RDWR), 0);
  EXPECT_EQ(OpenInCgroup(dir, "/dev/zero", O_RDONLY), 0);
  EXPECT_EQ(OpenInCgroup(dir, "/dev/zero", O_WRONLY), EPERM);
  if (access("/dev/full", F_OK) == 0) {
    EXPECT_EQ(OpenInCgroup(dir, "/dev/full", O_RDONLY), EPERM);
  }

  // Replacing (as update does) leaves exactly the new filter.
  ASSERT_TRUE(ApplyDeviceFilter(dir, {Rule(true, "a", std::nullopt, std::nullopt, "rwm")}).ok());
  EXPECT_EQ(OpenInCgroup(dir, "/dev/zero", O_WRONLY), 0);
  EXPECT_EQ(rmdir(dir.c_str()), 0);
}

}  // namespace
}  // namespace nsinit::cgroups

// What nsinit must not grant by itself (issue 20): device nodes are no
// permission to use them, procfs and sysfs are never mounted through a
// symlink, --no-pivot leaves no fully visible procfs behind, the
// startContainer hooks run under the container's seccomp filter, and the
// terminal belongs to the container's user.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class GrantsTest : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_UNLESS(testing::NeedRoot()); }
};

// DEV-032: /dev/loop-control (10:237, no capability needed to open it) is
// listed in linux.devices, the base config's rules deny every device: the
// node is there, opening it is refused.
TEST_F(GrantsTest, ListedDeviceIsNotAllowedByItsEntry) {
  if (access("/dev/loop-control", F_OK) != 0) GTEST_SKIP() << "needs /dev/loop-control on the host";
  absl::StatusOr<Harness> h = Harness::Create(R"({
      "process": {"args": ["sh", "-c",
          "test -c /dev/loop-control && echo node; exec 3< /dev/loop-control && echo opened"]},
      "linux": {"devices": [{"path": "/dev/loop-control", "type": "c", "major": 10, "minor": 237,
                             "fileMode": 438}],
                "resources": {"devices": [{"allow": false, "access": "rwm"}]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("loopctl");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->out, "node\n");
  EXPECT_THAT(o->err, HasSubstr("Operation not permitted"));
  EXPECT_NE(o->exit_code, 0);
}

// ...and so it is without any rule in the config: what no rule allows is
// denied, as with runc, not every device.
TEST_F(GrantsTest, ListedDeviceIsNotAllowedWithoutAnyRule) {
  if (access("/dev/loop-control", F_OK) != 0) GTEST_SKIP() << "needs /dev/loop-control on the host";
  absl::StatusOr<Harness> h = Harness::Create(R"({
      "process": {"args": ["sh", "-c", "exec 3< /dev/loop-control && echo opened"]},
      "linux": {"devices": [{"path": "/dev/loop-control", "type": "c", "major": 10, "minor": 237,
                             "fileMode": 438}],
                "resources": {"devices": null}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_TRUE(spec->linux.resources.has_value());
  ASSERT_TRUE(spec->linux.resources->devices.empty());
  absl::StatusOr<Output> o = h->Run("loopctl-norules");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->out, "");
  EXPECT_THAT(o->err, HasSubstr("Operation not permitted"));
}

// ...and a rule of the config does allow it.
TEST_F(GrantsTest, ListedDeviceIsUsableWhenARuleAllowsIt) {
  if (access("/dev/loop-control", F_OK) != 0) GTEST_SKIP() << "needs /dev/loop-control on the host";
  absl::StatusOr<Harness> h = Harness::Create(R"({
      "process": {"args": ["sh", "-c", "exec 3< /dev/loop-control && echo opened"]},
      "linux": {"devices": [{"path": "/dev/loop-control", "type": "c", "major": 10, "minor": 237,
                             "fileMode": 438}],
                "resources": {"devices": [{"allow": false, "access": "rwm"},
                    {"allow": true, "type": "c", "major": 10, "minor": 237, "access": "r"}]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("loopctl-allowed");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->out, "opened\n") << o->err;
}

// MNT-040: the image's /proc (or /sys) is a symlink: create fails naming
// it, nothing is mounted where it points.
class SymlinkedKernelFsTest : public GrantsTest,
                              public ::testing::WithParamInterface<const char*> {};

TEST_P(SymlinkedKernelFsTest, IsRefused) {
  const std::string dir = GetParam();  // "proc" or "sys"
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["true"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  std::string rootfs = h->bundle().rootfs_path();
  ASSERT_EQ(rmdir((rootfs + "/" + dir).c_str()), 0);
  ASSERT_EQ(mkdir((rootfs + "/elsewhere").c_str(), 0755), 0);
  ASSERT_EQ(symlink("elsewhere", (rootfs + "/" + dir).c_str()), 0);
  absl::StatusOr<Output> o = h->Run("symlinked-" + dir);
  ASSERT_FALSE(o.ok()) << "ran with /" << dir << " a symlink";
  EXPECT_THAT(o.status().message(), HasSubstr("on /" + dir + ": the destination is a symlink"));
}

INSTANTIATE_TEST_SUITE_P(ProcAndSys, SymlinkedKernelFsTest, ::testing::Values("proc", "sys"));

// MNT-041: with --no-pivot, a user namespace in the container cannot mount
// a new procfs (none fully visible is left in the mount namespace).
TEST_F(GrantsTest, NoPivotLeavesNoFullyVisibleProcfs) {
  SKIP_UNLESS(testing::NeedUserNamespaces());
  // CAP_SETFCAP (as in Docker's default set) lets `unshare -r` map root.
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["sh", "-c",
      "unshare -mrpf sh -c 'mount -t proc none /proc && echo mounted'"],
      "capabilities": {"bounding": ["CAP_SETFCAP"], "effective": ["CAP_SETFCAP"],
                       "permitted": ["CAP_SETFCAP"]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  CreateOptions options = h->Options("nopivot-proc");
  options.no_pivot = true;
  absl::StatusOr<Output> o = h->Run(*spec, options);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_THAT(o->out, Not(HasSubstr("mounted")));
  EXPECT_THAT(o->err, HasSubstr("mount: permission denied")) << o->out;
  EXPECT_NE(o->exit_code, 0) << o->err;
}

// HOOK-025: a startContainer hook runs under the container's seccomp
// filter: mkdir, denied by the profile, fails in the hook too.
TEST_F(GrantsTest, StartContainerHookRunsUnderTheSeccompFilter) {
  absl::StatusOr<Harness> h = Harness::Create(R"({
      "process": {"noNewPrivileges": true, "args": ["cat", "/dev/shm/hook"]},
      "hooks": {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c",
          "mkdir /dev/shm/d 2>/dev/null; echo $? > /dev/shm/hook"]}]},
      "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> o = h->Run("hook-seccomp");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->exit_code, 0) << o->err;
  EXPECT_EQ(o->out, "1\n");
}

// PROC-036: process.terminal with a non-root user: the pty is that user's,
// group `tty` of the container's /etc/group.
TEST_F(GrantsTest, TerminalBelongsToTheContainerUser) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"terminal": true,
      "user": {"uid": 1000, "gid": 1000},
      "args": ["stat", "-L", "-c", "%u:%g", "/proc/self/fd/0"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  std::ofstream(h->bundle().rootfs_path() + "/etc/group", std::ios::app) << "tty:x:7:\n";
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<Container> c = Container::Create(*spec, h->Options("tty-owner"));
  ASSERT_TRUE(c.ok()) << c.status();
  UniqueFd master = c->TakeConsole();
  ASSERT_TRUE(master);
  ASSERT_TRUE(c->Start().ok());
  // Read until the slave side is gone (EIO), then reap.
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(master.get(), buf, sizeof(buf))) > 0) out.append(buf, n);
  EXPECT_EQ(*c->Wait(), 0);
  EXPECT_TRUE(c->Destroy().ok());
  EXPECT_EQ(out, "1000:7\r\n");
}

}  // namespace
}  // namespace nsinit::integration

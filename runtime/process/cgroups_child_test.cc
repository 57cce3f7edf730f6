// The init joins its v1 cgroups itself: JoinCgroupsInChild writes "0" into
// each tasks file that came with kCgroupsMade, and a refused write fails
// naming the file and the errno. On the host's v1 cpuset hierarchy, whose
// new cgroups refuse tasks until they have cpus and mems.
#include "runtime/process/cgroups_child.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/base/file_io.h"
#include "runtime/base/unique_fd.h"
#include "runtime/process/report_child.h"
#include "runtime/process/sync.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::process {
namespace {

using ::testing::HasSubstr;

constexpr char kCpuset[] = "/sys/fs/cgroup/cpuset";

class JoinCgroupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    struct statfs fs;
    if (statfs(kCpuset, &fs) != 0 || fs.f_type != CGROUP_SUPER_MAGIC) {
      GTEST_SKIP() << kCpuset << " is not a cgroup v1 hierarchy on this host";
    }
    dir_ = absl::StrCat(kCpuset, "/nsinit-join-test-", getpid());
    ASSERT_EQ(mkdir(dir_.c_str(), 0755), 0) << dir_ << ": " << strerror(errno);
  }
  void TearDown() override {
    if (!dir_.empty()) rmdir(dir_.c_str());
  }

  // Lets the cpuset take tasks: the parent's cpus and mems.
  void FillCpuset() {
    for (const char* f : {"cpuset.cpus", "cpuset.mems"}) {
      absl::StatusOr<std::string> parent = ReadFile(absl::StrCat(kCpuset, "/", f), 4096);
      ASSERT_TRUE(parent.ok()) << parent.status();
      UniqueFd out(open(absl::StrCat(dir_, "/", f).c_str(), O_WRONLY | O_CLOEXEC));
      ASSERT_TRUE(out) << f << ": " << strerror(errno);
      ASSERT_EQ(write(out.get(), parent->data(), parent->size()),
                static_cast<ssize_t>(parent->size()))
          << f << ": " << strerror(errno);
    }
  }

  // Forks a child that runs JoinCgroupsInChild, sends it the tasks file of
  // dir_ with kCgroupsMade, and returns the child's answer: kReady once it
  // has joined (with `cgroup_line` its /proc/PID/cgroup cpuset line, read
  // before it exits), or its kError.
  Received JoinInChild(std::string* cgroup_line) {
    int pair[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd parent_end(pair[0]), child_end(pair[1]);
    pid_t pid = fork();
    if (pid == 0) {
      parent_end.reset();
      SetChildReportFd(child_end.get());
      JoinCgroupsInChild();
      ChildSend(child_end.get(), SyncType::kReady);
      char c;
      (void)!read(child_end.get(), &c, 1);  // until the parent closes its end
      _exit(0);
    }
    child_end.reset();
    UniqueFd tasks(open(absl::StrCat(dir_, "/tasks").c_str(), O_WRONLY | O_CLOEXEC));
    EXPECT_TRUE(tasks) << strerror(errno);
    EXPECT_TRUE(SendMessage(parent_end.get(), SyncType::kCgroupsMade, {tasks.get()}).ok());
    absl::StatusOr<Received> got = ReceiveMessage(parent_end.get());
    EXPECT_TRUE(got.ok()) << got.status();
    absl::StatusOr<std::string> cgroups = ReadFile(absl::StrCat("/proc/", pid, "/cgroup"), 65536);
    for (absl::string_view line : absl::StrSplit(cgroups.value_or(""), '\n')) {
      if (absl::StrContains(line, ":cpuset:")) *cgroup_line = std::string(line);
    }
    parent_end.reset();
    int status = 0;
    EXPECT_EQ(waitpid(pid, &status, 0), pid);
    return got.ok() ? *std::move(got) : Received();
  }

  std::string dir_;
};

TEST_F(JoinCgroupsTest, TheChildJoinsTheCgroupOfEachFileItGets) {
  FillCpuset();
  std::string line;
  Received r = JoinInChild(&line);
  ASSERT_EQ(r.message.type, static_cast<uint32_t>(SyncType::kReady))
      << ChildErrorToStatus(r.message);
  EXPECT_THAT(line, ::testing::EndsWith(dir_.substr(strlen(kCpuset))));
}

TEST_F(JoinCgroupsTest, ARefusedJoinNamesTheFileAndTheErrno) {
  // No cpus, no mems: the kernel refuses every task with ENOSPC.
  std::string line;
  Received r = JoinInChild(&line);
  ASSERT_EQ(r.message.type, static_cast<uint32_t>(SyncType::kError));
  const std::string error = ChildErrorToStatus(r.message).ToString();
  EXPECT_THAT(error, HasSubstr(absl::StrCat("joining the cgroup: writing 0 to ", dir_, "/tasks")));
  EXPECT_THAT(error, HasSubstr("ENOSPC"));
}

}  // namespace
}  // namespace nsinit::process

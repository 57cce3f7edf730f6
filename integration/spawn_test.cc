// How the runtime clones its init: without a user namespace (no id maps to
// write before the child re-executes) and without a cgroup to clone into,
// clone(2) with CLONE_VM|CLONE_VFORK, the child sharing the runtime's
// memory until its exec; where that clone is refused, the copying clone3
// (process/spawn.cc). `--debug-timings` names the one used.
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

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

constexpr char kShared[] = "spawn: clone sharing memory, until the child's exec";

class SpawnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    // A pure v2 host clones the init into its cgroup, which only clone3
    // can (clone_into_cgroup_test covers it).
    struct statfs fs;
    if (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
      GTEST_SKIP() << "pure cgroup v2 host: the init is cloned into its cgroup with clone3";
    }
    absl::StatusOr<Harness> h =
        Harness::Create(R"({"process": {"args": ["/probe", "exit", "0"]}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  // `nsinit --debug-timings run` of the bundle; with `refuse_clone`, under
  // a seccomp filter that fails clone(2) with EPERM (clone3 stays allowed).
  Output Run(const std::string& id, bool refuse_clone) {
    const std::string err_path = absl::StrCat(harness_->bundle().path(), "/", id, ".err");
    const std::string bin = Runfile("tools/nsinit/nsinit");
    std::vector<std::string> args = {
        bin,   "--root",   harness_->state_root(),    "--debug-timings",
        "run", "--bundle", harness_->bundle().path(), id};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    Output out;
    pid_t pid = fork();
    if (pid == 0) {
      int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (err < 0 || dup2(err, 2) < 0) _exit(120);
      if (refuse_clone && !RefuseClone()) _exit(121);
      execv(bin.c_str(), argv.data());
      _exit(122);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return out;
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    out.err = ReadFile(err_path);
    return out;
  }

  static bool RefuseClone() {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0])),
                              filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0;
  }

  std::optional<Harness> harness_;
};

TEST_F(SpawnTest, WithoutAUserNamespaceTheChildSharesTheRuntimesMemory) {
  Output run = Run("shared", /*refuse_clone=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr(kShared));
}

TEST_F(SpawnTest, WhereCloneIsRefusedTheInitIsClonedWithClone3) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the filter is written for x86_64 system call numbers";
#endif
  Output run = Run("refused", /*refuse_clone=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("spawn: clone3\n"));
  EXPECT_THAT(run.err, Not(HasSubstr(kShared)));
}

}  // namespace
}  // namespace nsinit::integration

// How the runtime clones its init: without a user namespace (no id maps to
// write before the child re-executes), with CLONE_VM|CLONE_VFORK, the
// child sharing the runtime's memory until its exec: clone3, into the v2
// cgroup where the host has one; clone(2) where a seccomp filter refuses
// clone3, as container engines' default profiles do (process/spawn.cc).
// Either way the init ends up in every cgroup of the container: the v2 one
// by the clone or by the runtime, the v1 ones joined by the init itself
// (process/cgroups_child.h). `--debug-timings` names the clone used.
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

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kShared[] = "spawn: clone sharing memory";
constexpr char kSharedIntoCgroup[] = "spawn: clone sharing memory into the cgroup";

bool HasCgroup2() {
  struct statfs fs;
  return (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) ||
         (statfs("/sys/fs/cgroup/unified", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC);
}

class SpawnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<Harness> h =
        Harness::Create(R"({"process": {"args": ["/bin/cat", "/proc/self/cgroup"]}})");
    ASSERT_TRUE(h.ok()) << h.status();
    harness_.emplace(*std::move(h));
  }

  // Every line of the init's /proc/self/cgroup (`out`) names the
  // container's cgroup: it joined every hierarchy of the host.
  void ExpectInEveryCgroup(const std::string& id, const std::string& out) {
    const std::string mine =
        absl::StrCat("/nsinit/", DefaultCgroupName(harness_->state_root(), id));
    std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
    ASSERT_FALSE(lines.empty()) << "no /proc/self/cgroup from the init";
    for (const std::string& line : lines) {
      EXPECT_TRUE(absl::EndsWith(line, ":" + mine)) << line << " is not " << mine;
    }
  }

  // `nsinit --debug-timings run` of the bundle, under a seccomp filter that
  // fails `refuse_nr` (if not -1) with `refuse_errno`.
  Output Run(const std::string& id, int refuse_nr = -1, int refuse_errno = 0) {
    const std::string err_path = absl::StrCat(harness_->bundle().path(), "/", id, ".err");
    const std::string out_path = absl::StrCat(harness_->bundle().path(), "/", id, ".out");
    const std::string bin = Runfile("tools/nsinit/nsinit");
    std::vector<std::string> args = {
        bin,   "--root",   harness_->state_root(),    "--debug-timings",
        "run", "--bundle", harness_->bundle().path(), id};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Under the sanitizer builds, LeakSanitizer makes its tracer with
    // clone(2) when nsinit exits: where the filter refuses clone, it would
    // abort a run that did everything right.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) env_strings.push_back(*e);
    if (refuse_nr == __NR_clone) env_strings.push_back("ASAN_OPTIONS=detect_leaks=0");
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    Output out;
    pid_t pid = fork();
    if (pid == 0) {
      int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (err < 0 || out < 0 || dup2(err, 2) < 0 || dup2(out, 1) < 0) _exit(120);
      if (refuse_nr >= 0 && !Refuse(refuse_nr, refuse_errno)) _exit(121);
      execve(bin.c_str(), argv.data(), envp.data());
      _exit(122);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return out;
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    out.err = ReadFile(err_path);
    out.out = ReadFile(out_path);
    return out;
  }

  static bool Refuse(int nr, int err) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | static_cast<uint32_t>(err)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0])),
                              filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0;
  }

  std::optional<Harness> harness_;
};

TEST_F(SpawnTest, WithoutAUserNamespaceTheChildSharesTheRuntimesMemory) {
  Output run = Run("shared");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr(HasCgroup2() ? kSharedIntoCgroup : kShared));
  EXPECT_THAT(run.err, Not(HasSubstr("spawn: clone3")));
  ExpectInEveryCgroup("shared", run.out);
}

TEST_F(SpawnTest, WhereCloneIsRefusedTheSharingCloneIsClone3) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the filter is written for x86_64 system call numbers";
#endif
  Output run = Run("no-clone", __NR_clone, EPERM);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr(HasCgroup2() ? kSharedIntoCgroup : kShared));
  ExpectInEveryCgroup("no-clone", run.out);
}

// Docker's and podman's default profiles answer clone3 with ENOSYS, so that
// glibc falls back to clone(2): nsinit does the same, and the runtime moves
// the init into its v2 cgroup instead of cloning it there.
TEST_F(SpawnTest, WhereClone3IsRefusedTheSharingCloneIsClone) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the filter is written for x86_64 system call numbers";
#endif
  Output run = Run("no-clone3", __NR_clone3, ENOSYS);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("spawn: clone sharing memory, until the child's exec"));
  ExpectInEveryCgroup("no-clone3", run.out);
}

TEST_F(SpawnTest, AnExecdProcessJoinsEveryCgroupOfTheContainer) {
  ASSERT_TRUE(harness_->Repatch(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})").ok());
  const std::string bin = Runfile("tools/nsinit/nsinit");
  Output run = RunRuntime(bin, harness_->state_root(),
                          {"run", "-d", "--bundle", harness_->bundle().path(), "ex"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Output exec = RunRuntime(bin, harness_->state_root(),
                           {"--debug-timings", "exec", "ex", "/bin/cat", "/proc/self/cgroup"});
  RunRuntime(bin, harness_->state_root(), {"delete", "--force", "ex"});
  ASSERT_EQ(exec.exit_code, 0) << exec.err;
  EXPECT_THAT(exec.err, HasSubstr(HasCgroup2() ? kSharedIntoCgroup : kShared));
  ExpectInEveryCgroup("ex", exec.out);
}

}  // namespace
}  // namespace nsinit::integration

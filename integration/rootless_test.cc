// Rootless: the nsinit binary run by an unprivileged user, the way a user
// without root would run it. The test (root) prepares a directory under
// /tmp owned by that user (Bazel's TEST_TMPDIR is under a 0700 home) with a
// copy of nsinit and a rootfs the user owns, then runs each command in a
// child that dropped to the user's uid and gid with no groups and no
// capabilities. The bundle comes from `nsinit spec --rootless`, which maps
// container root to the caller's uid and gid; no cgroup is created, since
// an unprivileged user has none delegated (as runc does).
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/json_merge_patch.h"
#include "tools/testing/requirements.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::integration {
namespace {

// A uid and gid no account uses: nothing on the host belongs to them.
constexpr uid_t kUser = 61234;
constexpr gid_t kGroup = 61234;

uid_t g_chown_uid;
int ChownEntry(const char* path, const struct stat*, int, struct FTW*) {
  return lchown(path, g_chown_uid, g_chown_uid) == 0 ? 0 : -1;
}

struct Result {
  int exit = -1;
  std::string out;
  std::string err;
};

class RootlessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    SKIP_UNLESS(testing::NeedUserNamespaces());
    std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
    setenv("TEST_TMPDIR", "/tmp", 1);
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("nsinit-rootless");
    setenv("TEST_TMPDIR", saved.c_str(), 1);
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_.emplace(*std::move(dir));
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
    nsinit_ = dir_->Sub("nsinit");
    bundle_ = dir_->Sub("bundle");
    root_ = dir_->Sub("state");
    {
      std::ofstream copy(nsinit_, std::ios::binary);
      copy << ReadFile(Runfile("tools/nsinit/nsinit"));
    }
    ASSERT_EQ(chmod(nsinit_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir(bundle_.c_str(), 0755), 0);
    // Private copies: a chown of hardlinks would change the shared cache.
    absl::Status built =
        ProbeRootfs().SetSharing(testing::RootfsBuilder::Sharing::kCopy).Build(bundle_ + "/rootfs");
    ASSERT_TRUE(built.ok()) << built;
    g_chown_uid = kUser;
    ASSERT_EQ(nftw(dir_->path().c_str(), ChownEntry, 16, FTW_PHYS), 0);
  }

  // Runs the copied nsinit as kUser:kGroup in the bundle directory.
  Result RunAsUser(std::vector<std::string> args) {
    CaptureFile out, err;
    args.insert(args.begin(), nsinit_);
    pid_t pid = fork();
    if (pid == 0) {
      dup2(out.fd(), 1);
      dup2(err.fd(), 2);
      if (setgroups(0, nullptr) != 0 || setresgid(kGroup, kGroup, kGroup) != 0 ||
          setresuid(kUser, kUser, kUser) != 0 || chdir(bundle_.c_str()) != 0) {
        _exit(126);
      }
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      char path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
      char home[] = "HOME=/tmp";
      char* envp[] = {path, home, nullptr};
      execve(argv[0], argv.data(), envp);
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Result r;
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = out.Read();
    r.err = err.Read();
    return r;
  }

  // `nsinit spec --rootless`, then the test's patch (written as root,
  // given back to the user).
  void MakeConfig(absl::string_view patch) {
    Result spec = RunAsUser({"spec", "--rootless"});
    ASSERT_EQ(spec.exit, 0) << spec.err;
    std::string path = bundle_ + "/config.json";
    absl::StatusOr<std::string> json = testing::JsonMergePatch(ReadFile(path), patch);
    ASSERT_TRUE(json.ok()) << json.status();
    std::ofstream(path, std::ios::trunc) << *json;
    ASSERT_EQ(chown(path.c_str(), kUser, kGroup), 0);
  }

  std::vector<std::string> Global(std::vector<std::string> args) {
    args.insert(args.begin(), {"--root", root_});
    return args;
  }

  std::optional<testing::TempDir> dir_;
  std::string nsinit_, bundle_, root_;
};

std::string ProcLine(pid_t pid, const char* file, absl::string_view key) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/", file));
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, key)) return line;
  }
  return "";
}

TEST_F(RootlessTest, LifecycleAsAnUnprivilegedUser) {
  MakeConfig(R"({"process": {"terminal": false, "args": ["/probe", "sleep-until-signal"]}})");
  Result created = RunAsUser(Global({"create", "--bundle", bundle_, "c1"}));
  ASSERT_EQ(created.exit, 0) << created.err;

  Result state = RunAsUser(Global({"state", "c1"}));
  ASSERT_EQ(state.exit, 0) << state.err;
  absl::StatusOr<rapidjson::Document> st = ParseJson(state.out);
  ASSERT_TRUE(st.ok()) << st.status();
  EXPECT_STREQ((*st)["status"].GetString(), "created");
  pid_t pid = (*st)["pid"].GetInt();
  ASSERT_GT(pid, 0);

  // Container root is the user on the host, with setgroups denied (an
  // unprivileged writer of gid_map must deny it first).
  EXPECT_EQ(ReadFile(absl::StrCat("/proc/", pid, "/uid_map")),
            absl::StrCat("         0      ", kUser, "          1\n"));
  EXPECT_EQ(ReadFile(absl::StrCat("/proc/", pid, "/gid_map")),
            absl::StrCat("         0      ", kGroup, "          1\n"));
  EXPECT_EQ(ReadFile(absl::StrCat("/proc/", pid, "/setgroups")), "deny\n");
  EXPECT_EQ(ProcLine(pid, "status", "Uid:"),
            absl::StrCat("Uid:\t", kUser, "\t", kUser, "\t", kUser, "\t", kUser));
  // No cgroup was made: the init is in the caller's (the test's) cgroup.
  EXPECT_EQ(ReadFile(absl::StrCat("/proc/", pid, "/cgroup")), ReadFile("/proc/self/cgroup"));

  Result started = RunAsUser(Global({"start", "c1"}));
  ASSERT_EQ(started.exit, 0) << started.err;
  state = RunAsUser(Global({"state", "c1"}));
  EXPECT_THAT(state.out, ::testing::HasSubstr("\"running\""));

  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  ASSERT_GE(pidfd, 0);
  // SIGKILL: a pid namespace's init drops a SIGTERM that arrives before the
  // probe has blocked it (no handler), which would leave the test waiting.
  Result killed = RunAsUser(Global({"kill", "c1", "KILL"}));
  ASSERT_EQ(killed.exit, 0) << killed.err;
  struct pollfd p = {pidfd, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1) << "the init did not exit after SIGKILL";
  close(pidfd);

  state = RunAsUser(Global({"state", "c1"}));
  EXPECT_THAT(state.out, ::testing::HasSubstr("\"stopped\""));
  Result deleted = RunAsUser(Global({"delete", "c1"}));
  ASSERT_EQ(deleted.exit, 0) << deleted.err;
  struct stat sb;
  EXPECT_NE(stat((root_ + "/c1").c_str(), &sb), 0) << "the state directory is gone";
}

TEST_F(RootlessTest, RunMapsContainerRootToTheUser) {
  MakeConfig(R"({"process": {"terminal": false, "args": ["/probe", "facts"]}})");
  Result run = RunAsUser(Global({"run", "--bundle", bundle_, "c2"}));
  ASSERT_EQ(run.exit, 0) << run.err;
  absl::StatusOr<rapidjson::Document> f = ParseJson(run.out);
  ASSERT_TRUE(f.ok()) << f.status() << run.out;
  EXPECT_EQ((*f)["uid"].GetInt(), 0);
  EXPECT_EQ((*f)["gid"].GetInt(), 0);
  char host_ns[64] = {};
  ASSERT_GT(readlink("/proc/self/ns/user", host_ns, sizeof(host_ns) - 1), 0);
  EXPECT_STRNE((*f)["namespaces"]["user"].GetString(), host_ns);
  // The rootfs's files belong to the user on the host: root inside.
  const rapidjson::Value* probe = FindDevice(*f, "/dev/null");
  EXPECT_NE(probe, nullptr);
  EXPECT_EQ((*f)["no_new_privs"].GetInt(), 1);
  // cgroup2 cannot be mounted here: the host's hierarchy is bound instead,
  // read-only down to every hierarchy below it (CVE-2023-25809).
  // mountinfo lists the /sys rbind's own (hidden) cgroup mounts too: the
  // last mount at a point is the one a path reaches.
  std::map<std::string, std::vector<std::string>> visible;
  for (const auto& m : (*f)["mounts"].GetArray()) {
    std::string point = m["mount_point"].GetString();
    if (absl::StartsWith(point, "/sys/fs/cgroup")) visible[point] = Strings(m["options"]);
  }
  EXPECT_FALSE(visible.empty());
  for (const auto& [point, options] : visible) {
    EXPECT_THAT(options, ::testing::Contains("ro")) << point;
  }
  struct stat sb;
  EXPECT_NE(stat((root_ + "/c2").c_str(), &sb), 0) << "run removed its state";
}

TEST_F(RootlessTest, CgroupLimitsNeedADelegatedCgroup) {
  MakeConfig(R"({"process": {"terminal": false, "args": ["/probe", "facts"]},
                 "linux": {"resources": {"pids": {"limit": 16}}}})");
  Result run = RunAsUser(Global({"run", "--bundle", bundle_, "c3"}));
  EXPECT_NE(run.exit, 0);
  EXPECT_THAT(run.err, ::testing::HasSubstr("needs a cgroup delegated to this user"));
  EXPECT_THAT(run.err, ::testing::HasSubstr("/nsinit/"));
  struct stat sb;
  EXPECT_NE(stat((root_ + "/c3").c_str(), &sb), 0) << "nothing left behind";
}

}  // namespace
}  // namespace nsinit::integration

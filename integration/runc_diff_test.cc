// Differential test: for the same OCI bundle, `nsinit run` and `runc run`
// must produce the same container, fact by fact, as the probe sees it.
//
// Facts that legitimately differ are normalised away, each with its reason:
// namespace inodes and mount ids (new objects every run), mount sources and
// bind roots (host paths of each runtime's own cgroups), fd targets (the
// capture files). Known deviations are listed in kDeviations.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

constexpr char kRunc[] = "/usr/sbin/runc";

// Mounts nsinit does not make, on purpose.
const std::set<std::string> kDeviations = {
    // runc binds systemd's named hierarchy; nsinit does not join it (it
    // belongs to systemd, and nsinit manages cgroupfs directly).
    "/sys/fs/cgroup/systemd",
    // The cgroup v1 tmpfs: nsinit makes it read-only as the mount's "ro"
    // asks (MNT-038); runc 1.1.5 leaves it writable. The controllers below
    // it are still compared.
    "/sys/fs/cgroup",
};

// Runs `runtime --root ROOT run --bundle B ID` with stdout to a file.
absl::StatusOr<std::string> RunWith(const std::string& runtime, const std::string& root,
                                    const std::string& bundle, const std::string& id) {
  CaptureFile out, err;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out.fd(), 1);
    dup2(err.fd(), 2);
    execl(runtime.c_str(), runtime.c_str(), "--root", root.c_str(), "run", "--bundle",
          bundle.c_str(), id.c_str(), nullptr);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(runtime, " run failed: ", err.Read()));
  }
  return out.Read();
}

std::string Str(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// The comparable facts of one probe run, as "key: value" lines.
std::vector<std::string> Comparable(const rapidjson::Value& f) {
  std::vector<std::string> out;
  for (const char* key : {"pid",         "ppid",
                          "uid",         "gid",
                          "euid",        "egid",
                          "groups",      "cwd",
                          "umask",       "hostname",
                          "domainname",  "no_new_privs",
                          "seccomp",     "seccomp_filters",
                          "rlimits",     "oom_score_adj",
                          "tty",         "root_readonly",
                          "personality", "sysctls"}) {
    out.push_back(absl::StrCat(key, ": ", Str(f[key])));
  }
  // Each capability set on its own line, so a difference names the set.
  for (const char* set : {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
    out.push_back(absl::StrCat("caps ", set, ": ", Str(f["caps"][set])));
  }
  std::vector<std::string> env = Strings(f["env"]);
  std::sort(env.begin(), env.end());
  out.push_back(absl::StrCat("env: ", absl::StrJoin(env, " ")));
  for (const char* ns : {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}) {
    out.push_back(
        absl::StrCat("namespace ", ns, ": ", f["namespaces"].HasMember(ns) ? "present" : "absent"));
  }
  std::vector<std::string> mounts;
  for (const auto& m : f["mounts"].GetArray()) {
    std::string point = m["mount_point"].GetString();
    if (kDeviations.count(point)) continue;
    std::vector<std::string> options = Strings(m["options"]);
    std::sort(options.begin(), options.end());
    mounts.push_back(absl::StrCat("mount ", point, " ", m["fs_type"].GetString(), " ",
                                  absl::StrJoin(options, ",")));
  }
  std::sort(mounts.begin(), mounts.end());
  out.insert(out.end(), mounts.begin(), mounts.end());
  for (const auto& d : f["devices"].GetArray()) {
    out.push_back(absl::StrCat("device ", Str(d)));
  }
  for (const auto& fd : f["fds"].GetArray()) out.push_back(absl::StrCat("fd ", fd["fd"].GetInt()));
  return out;
}

// Stands for sample_configs/oci/seccomp.json's profile (read at test time).
constexpr char kSeccompSample[] = "@seccomp_sample";

std::string BundlePatch(const std::string& param) {
  if (param != kSeccompSample) return param;
  absl::StatusOr<rapidjson::Document> sample =
      ParseJson(ReadFile(Runfile("sample_configs/oci/seccomp.json")));
  if (!sample.ok()) return "broken sample";
  return absl::StrCat(R"({"process": {"noNewPrivileges": false}, "linux": {"seccomp": )",
                      Str((*sample)["linux"]["seccomp"]), "}}");
}

class RuncDiffTest : public ::testing::TestWithParam<std::pair<const char*, const char*>> {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    SKIP_UNLESS(testing::NeedBinary(kRunc));
  }
};

TEST_P(RuncDiffTest, SameContainerFactByFact) {
  absl::StatusOr<Harness> h = Harness::Create(BundlePatch(GetParam().second));
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_TRUE(h->Repatch(R"({"process": {"args": ["/probe", "facts"]}})").ok());
  std::string id = absl::StrCat("diff-", GetParam().first, "-", getpid());
  absl::StatusOr<std::string> ours =
      RunWith(Runfile("tools/nsinit/nsinit"), h->state_root() + "-nsinit", h->bundle().path(), id);
  ASSERT_TRUE(ours.ok()) << ours.status();
  absl::StatusOr<std::string> theirs =
      RunWith(kRunc, h->state_root() + "-runc", h->bundle().path(), id);
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  absl::StatusOr<rapidjson::Document> a = ParseJson(*ours);
  absl::StatusOr<rapidjson::Document> b = ParseJson(*theirs);
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<std::string> fa = Comparable(*a), fb = Comparable(*b);
  // The security facts first, by name: the issue's "fact by fact" list.
  for (const char* set : {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
    EXPECT_EQ(Str((*a)["caps"][set]), Str((*b)["caps"][set])) << "caps." << set;
  }
  for (const char* key : {"no_new_privs", "seccomp", "seccomp_filters"}) {
    EXPECT_EQ(Str((*a)[key]), Str((*b)[key])) << key;
  }
  EXPECT_GT(fa.size(), 50u) << "too few facts compared to mean anything";
  // Element-wise for readable failures: each differing fact is shown.
  std::set<std::string> sa(fa.begin(), fa.end()), sb(fb.begin(), fb.end());
  for (const std::string& x : sa) EXPECT_TRUE(sb.count(x)) << "nsinit only: " << x;
  for (const std::string& x : sb) EXPECT_TRUE(sa.count(x)) << "runc only:   " << x;
}

INSTANTIATE_TEST_SUITE_P(Configs, RuncDiffTest,
                         ::testing::Values(std::pair{"default", "{}"},
                                           std::pair{"user", R"({"root": {"readonly": true},
            "process": {"user": {"uid": 1000, "gid": 100, "additionalGids": [10, 20]},
                        "cwd": "/tmp", "env": ["PATH=/bin:/usr/bin", "LANG=C.UTF-8", "X=y"]}})"},
                                           std::pair{"mounts", R"({"hostname": "diffbox",
            "process": {"rlimits": [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024},
                                    {"type": "RLIMIT_NPROC", "soft": 100, "hard": 200}]},
            "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","strictatime","mode=755","size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid","noexec","nodev","mode=1777","size=65536k"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid","noexec","nodev","ro"]},
                {"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","nodev","size=1m","mode=700"]}]})"}),
                         [](const auto& info) { return std::string(info.param.first); });

// The security settings: every capability set (a non-root user keeps its
// ambient ones across exec), no_new_privs both ways, and the sample
// seccomp profile (kSeccompSample).
INSTANTIATE_TEST_SUITE_P(
    Security, RuncDiffTest,
    ::testing::Values(std::pair{"caps_nonroot", R"({"process": {"user": {"uid": 1000, "gid": 1000},
            "noNewPrivileges": false,
            "capabilities": {
              "bounding": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_NET_RAW", "CAP_SYS_TIME"],
              "effective": ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
              "permitted": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_NET_RAW"],
              "inheritable": ["CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_TIME"],
              "ambient": ["CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_TIME"]}}})"},
                      std::pair{"caps_root_nnp", R"({"process": {"noNewPrivileges": true,
            "capabilities": {
              "bounding": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_SETUID", "CAP_SETGID", "CAP_SYS_ADMIN"],
              "effective": ["CAP_CHOWN", "CAP_SETUID"],
              "permitted": ["CAP_CHOWN", "CAP_SETUID", "CAP_SYS_ADMIN"],
              "inheritable": ["CAP_CHOWN"]}}})"},
                      std::pair{"no_caps_object",
                                R"({"process": {"noNewPrivileges": false, "capabilities": null}})"},
                      std::pair{"seccomp_sample", kSeccompSample}),
    [](const auto& info) { return std::string(info.param.first); });

}  // namespace
}  // namespace nsinit::integration

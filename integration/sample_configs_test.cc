// Every OCI sample config in sample_configs/oci runs: the probe is put in
// place of the sample's command, in a busybox rootfs, and what each sample
// is there to show is checked from inside.
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/config/oci_config.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/json_merge_patch.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

// Runs the sample, merged with `patch`, and returns the process's stdout.
absl::StatusOr<std::string> RunSampleOutput(const std::string& name, const std::string& patch) {
  // The container root may map to another host uid (rootless.json): build
  // under /tmp, which it can reach, not under Bazel's 0700 home.
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<Harness> h = Harness::Create();
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  if (!h.ok()) return h.status();
  chmod(h->bundle().path().c_str(), 0755);
  absl::StatusOr<std::string> json =
      testing::JsonMergePatch(ReadFile(Runfile("sample_configs/oci/" + name)),
                              absl::StrCat(R"({"root": {"path": ")", h->bundle().rootfs_path(),
                                           R"("}, "process": {"args": ["/probe", "facts"]}})"));
  if (!json.ok()) return json.status();
  json = testing::JsonMergePatch(*json, patch);
  if (!json.ok()) return json.status();
  absl::StatusOr<config::Spec> spec = config::ParseOciConfig(*json);
  if (!spec.ok()) return spec.status();
  CaptureFile out, err;
  CreateOptions o = h->Options("sample");
  o.stdio[1] = out.fd();
  o.stdio[2] = err.fd();
  absl::StatusOr<Container> c = Container::Create(*spec, o);
  if (!c.ok()) return c.status();
  absl::Status started = c->Start();
  absl::StatusOr<int> code = started.ok() ? c->Wait() : absl::StatusOr<int>(started);
  (void)c->Destroy(true);
  if (!code.ok()) return code.status();
  if (*code != 0) return absl::InternalError(absl::StrCat("exit ", *code, ": ", err.Read()));
  return out.Read();
}

// Runs the sample with the probe's facts as its process.
absl::StatusOr<rapidjson::Document> RunSample(const std::string& name) {
  absl::StatusOr<std::string> out = RunSampleOutput(name, "{}");
  if (!out.ok()) return out.status();
  return ParseJson(*out);
}

class SampleConfigsTest : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_UNLESS(testing::NeedRoot()); }
};

TEST_F(SampleConfigsTest, Default) {
  absl::StatusOr<rapidjson::Document> f = RunSample("default.json");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ((*f)["pid"].GetInt(), 1);
  EXPECT_EQ((*f)["uid"].GetInt(), 0);
}

TEST_F(SampleConfigsTest, ReadOnlyRootNonRootUserTmpfsCwd) {
  absl::StatusOr<rapidjson::Document> f = RunSample("readonly.json");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE((*f)["root_readonly"].GetBool());
  EXPECT_EQ((*f)["uid"].GetInt(), 1000);
  EXPECT_STREQ((*f)["hostname"].GetString(), "readonly");
  const rapidjson::Value* tmp = FindMount(*f, (*f)["cwd"].GetString());
  ASSERT_NE(tmp, nullptr) << "the cwd is a tmpfs of its own";
  EXPECT_STREQ((*tmp)["fs_type"].GetString(), "tmpfs");
}

TEST_F(SampleConfigsTest, RootlessHasAUserNamespace) {
  SKIP_UNLESS(testing::NeedUserNamespaces());
  absl::StatusOr<rapidjson::Document> f = RunSample("rootless.json");
  ASSERT_TRUE(f.ok()) << f.status();
  char host_ns[64] = {};
  ASSERT_GT(readlink("/proc/self/ns/user", host_ns, sizeof(host_ns) - 1), 0);
  EXPECT_STRNE((*f)["namespaces"]["user"].GetString(), host_ns);
  EXPECT_EQ((*f)["uid"].GetInt(), 0);
}

TEST_F(SampleConfigsTest, SeccompProfileFiltersAndStillRuns) {
  absl::StatusOr<rapidjson::Document> f = RunSample("seccomp.json");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ((*f)["seccomp"].GetInt(), 2);
}

// What a default container must not do, each call made with arguments that
// fail harmlessly (or succeed harmlessly) when allowed. The capabilities
// that would otherwise refuse them are granted, so the profile alone
// decides; the same calls without the profile show it is the profile.
absl::StatusOr<std::map<std::string, std::string>> ErrnoOfEach(bool with_profile) {
  const std::vector<std::string> calls = {"mount",       "umount2", "pivot_root", "unshare",
                                          "setns",       "clone",   "ptrace",     "bpf",
                                          "keyctl",      "reboot",  "kexec_load", "init_module",
                                          "userfaultfd", "swapoff", "getpid",     "uname"};
  std::string script;
  for (const std::string& c : calls) absl::StrAppend(&script, "/probe syscall ", c, "; ");
  std::string caps = R"(["CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_MODULE", "CAP_SYS_PTRACE",
                         "CAP_BPF", "CAP_PERFMON", "CAP_KILL", "CAP_SETPCAP"])";
  std::string patch =
      absl::StrCat(R"({"root": {"readonly": false}, "process": {"args": ["/bin/sh", "-c", ")",
                   script, R"("], "capabilities": {"bounding": )", caps, R"(, "effective": )", caps,
                   R"(, "permitted": )", caps, R"(}})",
                   with_profile ? "" : R"(, "linux": {"seccomp": null})", "}");
  absl::StatusOr<std::string> out = RunSampleOutput("seccomp.json", patch);
  if (!out.ok()) return out.status();
  std::map<std::string, std::string> result;
  for (absl::string_view line : absl::StrSplit(*out, '\n', absl::SkipEmpty())) {
    absl::StatusOr<rapidjson::Document> d = ParseJson(std::string(line));
    if (!d.ok()) return d.status();
    result[(*d)["name"].GetString()] = (*d)["errno"].IsNull() ? "ok" : (*d)["errno"].GetString();
  }
  if (result.size() != calls.size()) {
    return absl::InternalError(absl::StrCat("expected ", calls.size(), " results: ", *out));
  }
  return result;
}

TEST_F(SampleConfigsTest, SeccompProfileBlocksWhatAContainerShouldNotDo) {
  absl::StatusOr<std::map<std::string, std::string>> filtered = ErrnoOfEach(true);
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  absl::StatusOr<std::map<std::string, std::string>> open = ErrnoOfEach(false);
  ASSERT_TRUE(open.ok()) << open.status();
  for (const auto& [call, err] : *filtered) {
    if (call == "getpid" || call == "uname") {
      EXPECT_EQ(err, "ok") << call << " is allowed";
      continue;
    }
    EXPECT_EQ(err, "EPERM") << call << " is denied by the profile";
    EXPECT_NE(open->at(call), "EPERM") << call
                                       << ": without the profile, the call is not refused "
                                          "with EPERM (so EPERM above comes from the profile)";
  }
}

}  // namespace
}  // namespace nsinit::integration

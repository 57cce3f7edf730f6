// Every file of //sample_configs parses: OCI files with ParseOciConfig, v1
// files with ImportV1Config (with a dummy rootfs). Also checks what each
// OCI sample claims to show (sample_configs/README.md).
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/testdata.h"
#include "runtime/config/v1_import.h"

namespace nsinit::config {
namespace {

absl::StatusOr<Spec> ParseSample(absl::string_view name) {
  absl::StatusOr<std::string> text =
      ReadFileToString(RunfilesPath(absl::StrCat("sample_configs/oci/", name)));
  if (!text.ok()) return text.status();
  return ParseOciConfig(*text);
}

TEST(SampleConfigsTest, EveryOciSampleParses) {
  absl::StatusOr<std::vector<std::string>> files =
      ListFiles(RunfilesPath("sample_configs/oci"), ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_GE(files->size(), 4u);
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ParseOciConfig(*text);
    EXPECT_TRUE(spec.ok()) << file << ": " << spec.status();
  }
}

TEST(SampleConfigsTest, EveryV1SampleImports) {
  absl::StatusOr<std::vector<std::string>> files =
      ListFiles(RunfilesPath("sample_configs/v1"), ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->size(), 5u);
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ImportV1Config(*text, "/nonexistent/rootfs", {"sh"});
    EXPECT_TRUE(spec.ok()) << file << ": " << spec.status();
  }
}

TEST(SampleConfigsTest, DefaultIsRuncSpecWithoutTerminal) {
  absl::StatusOr<Spec> spec = ParseSample("default.json");
  ASSERT_TRUE(spec.ok()) << spec.status();
  Spec expected = DefaultSpec(false);
  expected.process->terminal = false;
  EXPECT_TRUE(*spec == expected) << ToOciJson(*spec);
}

TEST(SampleConfigsTest, ReadonlyRunsUnprivilegedInATmpfs) {
  absl::StatusOr<Spec> spec = ParseSample("readonly.json");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_TRUE(spec->root.readonly);
  EXPECT_EQ(spec->process->user.uid, 1000u);
  EXPECT_EQ(spec->process->user.gid, 1000u);
  EXPECT_FALSE(spec->process->user.additional_gids.empty());
  EXPECT_EQ(spec->process->cwd, "/tmp");
  bool tmpfs_on_tmp = false;
  for (const Mount& m : spec->mounts) {
    tmpfs_on_tmp |= m.destination == "/tmp" && m.type == "tmpfs";
  }
  EXPECT_TRUE(tmpfs_on_tmp);
}

TEST(SampleConfigsTest, RootlessHasAUserNamespace) {
  absl::StatusOr<Spec> spec = ParseSample("rootless.json");
  ASSERT_TRUE(spec.ok()) << spec.status();
  bool user_ns = false;
  for (const Namespace& ns : spec->linux.namespaces) {
    user_ns |= ns.type == NamespaceType::kUser;
  }
  EXPECT_TRUE(user_ns);
  EXPECT_FALSE(spec->linux.uid_mappings.empty());
  EXPECT_FALSE(spec->linux.gid_mappings.empty());
}

TEST(SampleConfigsTest, SeccompDeniesByDefaultAndBlocksTheDangerousCalls) {
  absl::StatusOr<Spec> spec = ParseSample("seccomp.json");
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_TRUE(spec->linux.seccomp.has_value());
  const Seccomp& s = *spec->linux.seccomp;
  EXPECT_EQ(s.default_action, "SCMP_ACT_ERRNO");
  std::set<std::string> allowed;
  for (const SeccompSyscall& sc : s.syscalls) {
    if (sc.action == "SCMP_ACT_ALLOW" && sc.args.empty()) {
      allowed.insert(sc.names.begin(), sc.names.end());
    }
  }
  for (const char* name : {"read", "write", "openat", "execve", "mmap", "futex", "exit_group"}) {
    EXPECT_TRUE(allowed.count(name)) << name << " should be allowed";
  }
  for (const char* name :
       {"kexec_load", "init_module",     "finit_module", "delete_module", "mount",
        "umount2",    "pivot_root",      "swapon",       "swapoff",       "reboot",
        "bpf",        "perf_event_open", "keyctl",       "add_key",       "request_key",
        "unshare",    "setns",           "ptrace",       "userfaultfd",   "open_by_handle_at"}) {
    EXPECT_FALSE(allowed.count(name)) << name << " should be blocked";
  }
}

}  // namespace
}  // namespace nsinit::config

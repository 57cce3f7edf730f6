// ParseOciConfig and LoadOciBundle against the runtime-spec schema's own
// test files (testdata/oci_schema, copied from opencontainers/runtime-spec
// schema/test/config) and against broken fields, with exact messages.
//
// The schema's good/ directory holds two z/OS configs. They are parsed, not
// refused: their "zos" object is another platform's section, ignored like
// any unknown field, and what remains (root, process, mounts, hooks) is
// valid for Linux too.
#include "runtime/config/oci_config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "runtime/config/testdata.h"

namespace nsinit::config {
namespace {

std::string SchemaDir(absl::string_view which) {
  return RunfilesPath(absl::StrCat("runtime/config/testdata/oci_schema/", which));
}

TEST(OciConfigSchemaTest, GoodConfigsParse) {
  absl::StatusOr<std::vector<std::string>> files = ListFiles(SchemaDir("good"), ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 6u);
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ParseOciConfig(*text);
    EXPECT_TRUE(spec.ok()) << file << ": " << spec.status();
  }
}

TEST(OciConfigSchemaTest, BadConfigsAreRefused) {
  absl::StatusOr<std::vector<std::string>> files = ListFiles(SchemaDir("bad"), ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    ASSERT_TRUE(text.ok()) << text.status();
    EXPECT_FALSE(ParseOciConfig(*text).ok()) << file;
  }
}

TEST(OciConfigSchemaTest, BadConfigMessages) {
  auto message = [](absl::string_view name) {
    absl::StatusOr<std::string> text = ReadFileToString(absl::StrCat(SchemaDir("bad"), "/", name));
    EXPECT_TRUE(text.ok()) << text.status();
    return std::string(ParseOciConfig(*text).status().message());
  };
  EXPECT_EQ(message("invalid-json.json"),
            "invalid JSON at line 1, column 2 (offset 1): Missing a name for "
            "object member.");
  EXPECT_EQ(message("linux-hugepage.json"),
            "linux.resources.hugepageLimits[0].pageSize: expected a size like "
            "\"2MB\" (^[1-9][0-9]*[KMG]B$), got \"64kB\"");
  EXPECT_EQ(message("linux-rdma.json"),
            "linux.resources.rdma.mlx5_1.hcaHandles: expected an unsigned "
            "integer, got \"not a uint32\"");
}

TEST(OciConfigSchemaTest, SpecExampleFields) {
  absl::StatusOr<std::string> text =
      ReadFileToString(absl::StrCat(SchemaDir("good"), "/spec-example.json"));
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<Spec> spec = ParseOciConfig(*text);
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_TRUE(spec->process.has_value());
  EXPECT_EQ(spec->process->user.additional_gids, (std::vector<uint32_t>{5, 6}));
  ASSERT_EQ(spec->process->rlimits.size(), 2u);
  EXPECT_EQ(spec->process->rlimits[0].resource, RLIMIT_CORE);
  EXPECT_EQ(spec->hooks.poststart[0].timeout, 5);
  EXPECT_EQ(spec->linux.namespaces.size(), 8u);
  EXPECT_EQ(spec->linux.devices[0].type, 'c');
  EXPECT_EQ(spec->linux.devices[0].file_mode, 438u);
  ASSERT_TRUE(spec->linux.resources.has_value());
  const Resources& r = *spec->linux.resources;
  EXPECT_EQ(r.memory->kernel, -1);
  EXPECT_EQ(r.cpu->cpus, "2-3");
  EXPECT_EQ(r.pids->limit, 32771);
  EXPECT_EQ(r.hugepage_limits[0].limit, 9223372036854772000u);
  EXPECT_EQ(r.block_io->weight_device[0].leaf_weight, 300);
  EXPECT_EQ(r.block_io->throttle_write_iops_device[0].rate, 300u);
  EXPECT_EQ(r.network->priorities[1].priority, 1000u);
  EXPECT_EQ(r.devices[1].minor, 229);
  EXPECT_EQ(spec->linux.time_offsets.at("boottime").secs, 604800);
  EXPECT_EQ(spec->linux.seccomp->syscalls[0].names[1], "chmod");
  EXPECT_EQ(spec->linux.sysctl.at("net.core.somaxconn"), "256");
  EXPECT_EQ(spec->annotations.at("com.example.key2"), "value2");
}

// A valid config with `replace` text substituted for `marker`.
constexpr absl::string_view kBase = R"({
  "ociVersion": "1.2.0",
  "root": {"path": "rootfs"},
  "process": {
    "user": {"uid": 0, "gid": 0},
    "args": ["sh"],
    "cwd": "/",
    "capabilities": {"bounding": ["CAP_KILL"]},
    "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 1024}]
  },
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs"},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}
  ],
  "hooks": {"prestart": [{"path": "/bin/true"}]},
  "linux": {
    "namespaces": [{"type": "pid"}, {"type": "mount"}],
    "resources": {"memory": {"limit": 1024}}
  }
})";

std::string Broken(absl::string_view from, absl::string_view to) {
  std::string text = absl::StrReplaceAll(kBase, {{from, to}});
  EXPECT_NE(text, kBase) << "marker not found: " << from;
  return text;
}

struct BrokenField {
  std::string from;
  std::string to;
  std::string message;
};

TEST(OciConfigErrorTest, BaseIsValid) {
  absl::StatusOr<Spec> spec = ParseOciConfig(kBase);
  EXPECT_TRUE(spec.ok()) << spec.status();
}

TEST(OciConfigErrorTest, MessagesNameThePath) {
  const BrokenField cases[] = {
      {R"("uid": 0)", R"("uid": "root")",
       R"(process.user.uid: expected an unsigned integer, got "root")"},
      {R"("destination": "/tmp")", R"("destination": "tmp")",
       R"(mounts[2].destination: must be an absolute path, got "tmp")"},
      {R"({"type": "mount"})", R"({"type": "foo"})",
       R"(linux.namespaces[1].type: unknown namespace type "foo")"},
      {R"({"type": "mount"})", R"({"type": "pid"})",
       R"(linux.namespaces[1].type: duplicate namespace type "pid")"},
      {R"({"type": "mount"})", R"({"type": "user"})",
       R"(linux.uidMappings: required when a new user namespace is created)"},
      {R"("namespaces")",
       R"("uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}], "namespaces")",
       R"(linux.uidMappings: set without a user namespace)"},
      {R"({"type": "mount"})", R"({"type": "mount", "path": "proc/1/ns/mnt"})",
       R"(linux.namespaces[1].path: must be an absolute path, got "proc/1/ns/mnt")"},
      {R"("namespaces")", R"("intelRdt": {"closID": "c"}, "namespaces")",
       R"(linux.intelRdt: Intel RDT (resctrl) is not supported by nsinit)"},
      {R"("cwd": "/")", R"("cwd": "tmp")", R"(process.cwd: must be an absolute path, got "tmp")"},
      {R"("cwd": "/",)", "", R"(process.cwd: required field is missing)"},
      {R"("RLIMIT_NOFILE")", R"("RLIMIT_FOO")",
       R"(process.rlimits[0].type: unknown rlimit type "RLIMIT_FOO")"},
      {R"("soft": 1024)", R"("soft": 2048)",
       R"(process.rlimits[0]: soft limit 2048 exceeds hard limit 1024)"},
      {R"("soft": 1024)", R"("soft": -1)",
       R"(process.rlimits[0].soft: expected an unsigned integer, got -1)"},
      {R"(["CAP_KILL"])", R"(["CAP_KILL", "CAP_FOO"])",
       R"(process.capabilities.bounding[1]: unknown capability "CAP_FOO")"},
      {R"(["CAP_KILL"])", R"(["KILL"])",
       R"(process.capabilities.bounding[0]: unknown capability "KILL")"},
      {R"("ociVersion": "1.2.0",)", "", R"(ociVersion: required field is missing)"},
      {R"({"path": "rootfs"})", R"({"readonly": true})", R"(root.path: required field is missing)"},
      {R"({"path": "rootfs"})", R"({"path": "rootfs", "readonly": "yes"})",
       R"(root.readonly: expected a boolean, got "yes")"},
      {R"("limit": 1024)", R"("limit": "1G")",
       R"(linux.resources.memory.limit: expected an integer, got "1G")"},
      {R"({"path": "/bin/true"})", R"({"path": "/bin/true", "timeout": 0})",
       R"(hooks.prestart[0].timeout: must be at least 1, got 0)"},
      {R"({"path": "/bin/true"})", R"({"path": "true"})",
       R"(hooks.prestart[0].path: must be an absolute path, got "true")"},
      {R"("args": ["sh"])", R"("args": "sh")", R"(process.args: expected an array, got "sh")"},
      {R"("namespaces")", R"("rootfsPropagation": "rshard", "namespaces")",
       R"(linux.rootfsPropagation: expected one of private, shared, slave, unbindable (or rprivate, rshared, rslave, runbindable), got "rshard")"},
      {R"("namespaces")", R"("devices": [{"path": "/dev/x", "type": "x"}], "namespaces")",
       R"(linux.devices[0].type: expected one of c, b, u, p, got "x")"},
      {R"("namespaces")", R"("devices": [{"path": "dev/x", "type": "c"}], "namespaces")",
       R"(linux.devices[0].path: must be an absolute path, got "dev/x")"},
      {R"("namespaces")", R"("seccomp": {"defaultAction": "SCMP_ACT_DENY"}, "namespaces")",
       R"(linux.seccomp.defaultAction: unknown seccomp action "SCMP_ACT_DENY")"},
      {R"("namespaces")",
       R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["x86_64"]}, "namespaces")",
       R"(linux.seccomp.architectures[0]: unknown seccomp architecture "x86_64")"},
      {R"("namespaces")",
       R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "EQ"}]}]}, "namespaces")",
       R"(linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator "EQ")"},
      {R"("namespaces")",
       R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [], "action": "SCMP_ACT_ERRNO"}]}, "namespaces")",
       R"(linux.seccomp.syscalls[0].names: must name at least one syscall)"},
      {R"("namespaces")", R"("sysctl": {"net.ipv4.ip_forward": 1}, "namespaces")",
       R"(linux.sysctl["net.ipv4.ip_forward"]: expected a string, got 1)"},
      {R"("namespaces")", R"("maskedPaths": ["proc/kcore"], "namespaces")",
       R"(linux.maskedPaths[0]: must be an absolute path, got "proc/kcore")"},
      {R"("memory": {"limit": 1024})", R"("memory": {"swappiness": 101})",
       R"(linux.resources.memory.swappiness: must be at most 100, got 101)"},
      {R"("memory": {"limit": 1024})", R"("pids": {})",
       R"(linux.resources.pids.limit: required field is missing)"},
      {R"("namespaces")", R"("timeOffsets": {"boottime": {"secs": 1}}, "namespaces")",
       R"(linux.timeOffsets.boottime: set without a time namespace)"},
      {R"("type": "proc",)", R"("type": 5,)", R"(mounts[0].type: expected a string, got 5)"},
      {R"("namespaces")", R"("personality": {"domain": "LINUX", "flags": ["X"]}, "namespaces")",
       R"(linux.personality.flags: no personality flag is defined, got "X")"},
      {R"("namespaces")", R"("personality": {"domain": "LINUX64"}, "namespaces")",
       R"(linux.personality.domain: expected LINUX or LINUX32, got "LINUX64")"},
      {R"("namespaces")", R"("personality": {"domain": 8}, "namespaces")",
       R"(linux.personality.domain: expected a string, got 8)"},
  };
  for (const BrokenField& c : cases) {
    absl::StatusOr<Spec> spec = ParseOciConfig(Broken(c.from, c.to));
    EXPECT_EQ(spec.status().message(), c.message) << c.from << " -> " << c.to;
    EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(OciConfigErrorTest, UnknownFieldsAreIgnored) {
  absl::StatusOr<Spec> spec = ParseOciConfig(
      Broken(R"("ociVersion")", R"("org.example.extension": {"x": [1]}, "ociVersion")"));
  EXPECT_TRUE(spec.ok()) << spec.status();
}

TEST(OciConfigCapabilityTest, NamesTheKernelLacksAreDroppedWithAWarning) {
  std::string text = Broken(R"(["CAP_KILL"])", R"(["CAP_KILL", "CAP_BPF", "CAP_PERFMON"])");
  std::vector<std::string> warnings;
  // A 5.4 kernel: cap_last_cap is CAP_AUDIT_READ (37).
  absl::StatusOr<Spec> spec = ParseOciConfigForKernel(text, 37, &warnings);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->process->capabilities->bounding, std::vector<std::string>{"CAP_KILL"});
  EXPECT_EQ(warnings,
            (std::vector<std::string>{"process.capabilities.bounding[1]: CAP_BPF is unknown to the "
                                      "running kernel (cap_last_cap 37), ignored",
                                      "process.capabilities.bounding[2]: CAP_PERFMON is unknown to "
                                      "the running kernel (cap_last_cap 37), ignored"}));
  // Unknown to everyone stays an error whatever the kernel.
  EXPECT_FALSE(
      ParseOciConfigForKernel(Broken(R"(["CAP_KILL"])", R"(["CAP_NOPE"])"), 37, &warnings).ok());
}

class LoadOciBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/bundle_XXXXXX");
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
  }
  void Write(absl::string_view text) {
    std::ofstream out(absl::StrCat(dir_, "/config.json"));
    out << text;
  }
  std::string dir_;
};

TEST_F(LoadOciBundleTest, ResolvesARelativeRootAgainstTheBundle) {
  Write(kBase);
  absl::StatusOr<Spec> spec = LoadOciBundle(dir_);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->root.path, absl::StrCat(dir_, "/rootfs"));
}

TEST_F(LoadOciBundleTest, KeepsAnAbsoluteRoot) {
  Write(Broken(R"("path": "rootfs")", R"("path": "/srv/rootfs")"));
  absl::StatusOr<Spec> spec = LoadOciBundle(absl::StrCat(dir_, "/"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->root.path, "/srv/rootfs");
}

TEST_F(LoadOciBundleTest, MissingFileNamesPathAndErrno) {
  absl::StatusOr<Spec> spec = LoadOciBundle(absl::StrCat(dir_, "/nope"));
  EXPECT_EQ(spec.status().message(),
            absl::StrCat("open ", dir_, "/nope/config.json: ENOENT: No such file or directory"));
}

TEST_F(LoadOciBundleTest, ParseErrorsNameTheFile) {
  Write(Broken(R"("uid": 0)", R"("uid": "root")"));
  absl::StatusOr<Spec> spec = LoadOciBundle(dir_);
  EXPECT_EQ(spec.status().message(),
            absl::StrCat(dir_,
                         "/config.json: process.user.uid: expected an unsigned "
                         "integer, got \"root\""));
}

}  // namespace
}  // namespace nsinit::config

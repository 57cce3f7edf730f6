// What the container's filesystem looks like: the spec's default mounts and
// devices with their flags, the /dev symlinks, read-only root, masked and
// read-only paths, pivot_root and its fallbacks, mount confinement.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::Contains;
using ::testing::Not;

class RootfsTest : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_UNLESS(testing::NeedRoot()); }

  rapidjson::Document Facts(absl::string_view patch = "{}") { return ProbeFacts(patch); }
};

struct MountCase {
  const char* point;
  const char* fstype;
  std::vector<std::string> options;  // per-mount options that must be set
};

class DefaultMountTest : public RootfsTest, public ::testing::WithParamInterface<MountCase> {};

TEST_P(DefaultMountTest, HasTypeAndFlags) {
  rapidjson::Document facts = Facts();
  ASSERT_TRUE(facts.IsObject());
  const rapidjson::Value* m = FindMount(facts, GetParam().point);
  ASSERT_NE(m, nullptr) << "no mount at " << GetParam().point;
  EXPECT_STREQ((*m)["fs_type"].GetString(), GetParam().fstype);
  std::vector<std::string> options = Strings((*m)["options"]);
  for (const std::string& o : GetParam().options)
    EXPECT_THAT(options, Contains(o)) << GetParam().point;
}

// The spec's default filesystems (v1 root filesystem table, OCI
// config-linux#default-filesystems, as runc's default config mounts them).
INSTANTIATE_TEST_SUITE_P(
    Spec, DefaultMountTest,
    // runc's default config gives /proc no options (v1 configs add
    // nosuid, nodev, noexec through the import).
    ::testing::Values(MountCase{"/proc", "proc", {}}, MountCase{"/dev", "tmpfs", {"nosuid"}},
                      MountCase{"/dev/pts", "devpts", {"nosuid", "noexec"}},
                      MountCase{"/dev/shm", "tmpfs", {"nosuid", "nodev", "noexec"}},
                      MountCase{"/dev/mqueue", "mqueue", {"nosuid", "nodev", "noexec"}},
                      MountCase{"/sys", "sysfs", {"ro", "nosuid", "nodev", "noexec"}}),
    [](const auto& info) {
      std::string name = info.param.point + 1;
      for (char& c : name) c = isalnum(c) ? c : '_';
      return name;
    });

TEST_F(RootfsTest, DevptsIsANewInstanceWithPtmxMode) {
  rapidjson::Document facts = Facts();
  const rapidjson::Value* m = FindMount(facts, "/dev/pts");
  ASSERT_NE(m, nullptr);
  std::vector<std::string> super = Strings((*m)["super_options"]);
  EXPECT_THAT(super, Contains("ptmxmode=666"));
  EXPECT_THAT(super, Contains("mode=620"));
  EXPECT_THAT(super, Contains("gid=5"));
}

struct DeviceCase {
  const char* path;
  int major, minor;
};

class DefaultDeviceTest : public RootfsTest, public ::testing::WithParamInterface<DeviceCase> {};

TEST_P(DefaultDeviceTest, IsACharDeviceWithMode0666) {
  rapidjson::Document facts = Facts();
  const rapidjson::Value* d = FindDevice(facts, GetParam().path);
  ASSERT_NE(d, nullptr) << GetParam().path;
  EXPECT_STREQ((*d)["type"].GetString(), "c");
  EXPECT_EQ((*d)["major"].GetInt(), GetParam().major);
  EXPECT_EQ((*d)["minor"].GetInt(), GetParam().minor);
  EXPECT_STREQ((*d)["mode"].GetString(), "0666");
  EXPECT_EQ((*d)["uid"].GetInt(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Spec, DefaultDeviceTest,
    ::testing::Values(DeviceCase{"/dev/null", 1, 3}, DeviceCase{"/dev/zero", 1, 5},
                      DeviceCase{"/dev/full", 1, 7}, DeviceCase{"/dev/random", 1, 8},
                      DeviceCase{"/dev/urandom", 1, 9}, DeviceCase{"/dev/tty", 5, 0}),
    [](const auto& info) { return std::string(info.param.path + 5); });

TEST_F(RootfsTest, DevSymlinks) {
  rapidjson::Document facts = Facts();
  const std::pair<const char*, const char*> kLinks[] = {{"/dev/fd", "/proc/self/fd"},
                                                        {"/dev/stdin", "/proc/self/fd/0"},
                                                        {"/dev/stdout", "/proc/self/fd/1"},
                                                        {"/dev/stderr", "/proc/self/fd/2"},
                                                        {"/dev/ptmx", "pts/ptmx"}};
  for (const auto& [path, target] : kLinks) {
    const rapidjson::Value* d = FindDevice(facts, path);
    ASSERT_NE(d, nullptr) << path;
    EXPECT_STREQ((*d)["type"].GetString(), "l") << path;
    EXPECT_STREQ((*d)["link"].GetString(), target) << path;
  }
}

TEST_F(RootfsTest, ConfiguredDeviceWithModeAndOwner) {
  rapidjson::Document facts = Facts(R"({"linux": {"devices": [
      {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 384,
       "uid": 1000, "gid": 100}]}})");
  const rapidjson::Value* d = FindDevice(facts, "/dev/fuse");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["major"].GetInt(), 10);
  EXPECT_EQ((*d)["minor"].GetInt(), 229);
  EXPECT_STREQ((*d)["mode"].GetString(), "0600");
  EXPECT_EQ((*d)["uid"].GetInt(), 1000);
  EXPECT_EQ((*d)["gid"].GetInt(), 100);
}

TEST_F(RootfsTest, ConfiguredDeviceOverAnotherFileFailsCreate) {
  testing::RootfsBuilder rootfs = ProbeRootfs();
  rootfs.AddFile("/opt/dev020", "not a device");
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"root": {"readonly": false}, "linux": {"devices": [
      {"path": "/opt/dev020", "type": "c", "major": 1, "minor": 3, "fileMode": 438}]}})",
                      std::move(rootfs));
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> out = h->Run();
  EXPECT_FALSE(out.ok()) << "a regular file was taken for the device /opt/dev020";
  // The same node already there is fine (a rootfs with a populated /dev).
  ASSERT_TRUE(h->Repatch(R"({"root": {"readonly": false}, "linux": {"devices": [
      {"path": "/opt/null", "type": "c", "major": 1, "minor": 3, "fileMode": 438}]}})")
                  .ok());
  ASSERT_TRUE(h->Run().ok());
  ASSERT_TRUE(h->Run().ok()) << "the node the first run made is accepted again";
}

TEST_F(RootfsTest, RootIsWritableByDefaultAndReadOnlyOnRequest) {
  EXPECT_FALSE(Facts(R"({"root": {"readonly": false}})")["root_readonly"].GetBool());
  EXPECT_TRUE(Facts(R"({"root": {"readonly": true}})")["root_readonly"].GetBool());
}

TEST_F(RootfsTest, MaskedPathsAreEmptyAndReadonlyPathsRefuseWrites) {
  absl::StatusOr<Harness> h = Harness::Create();
  ASSERT_TRUE(h.ok()) << h.status();
  // runc's default config masks /proc/timer_list (a file) and /proc/acpi (a
  // directory), and makes /proc/sys read-only.
  absl::StatusOr<rapidjson::Document> file = h->Probe({"read", "/proc/timer_list"});
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)["ok"].GetBool());
  EXPECT_STREQ((*file)["content"].GetString(), "");  // /dev/null bound over it
  absl::StatusOr<rapidjson::Document> write = h->Probe({"write", "/proc/sys/kernel/hostname", "x"});
  ASSERT_TRUE(write.ok()) << write.status();
  EXPECT_FALSE((*write)["ok"].GetBool());
  EXPECT_STREQ((*write)["errno"].GetString(), "EROFS");
  // A masked directory is an empty read-only tmpfs.
  absl::StatusOr<rapidjson::Document> dir = h->Probe({"statfs", "/proc/acpi"});
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE((*dir)["ok"].GetBool());
  EXPECT_STREQ((*dir)["fs_type"].GetString(), "tmpfs");
  EXPECT_THAT(Strings((*dir)["flags"]), Contains("ro"));
}

TEST_F(RootfsTest, ExtraTmpfsAndReadOnlyBindMount) {
  absl::StatusOr<testing::TempDir> host = testing::TempDir::Create("bindsrc");
  ASSERT_TRUE(host.ok());
  std::string patch = absl::StrCat(R"({"mounts": [
      {"destination": "/proc", "type": "proc", "source": "proc"},
      {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","strictatime","mode=755","size=65536k"]},
      {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
      {"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid","nodev","noexec","size=1m"]},
      {"destination": "/host", "type": "bind", "source": ")",
                                   host->path(), R"(", "options": ["rbind","ro"]}]})");
  rapidjson::Document facts = Facts(patch);
  const rapidjson::Value* scratch = FindMount(facts, "/scratch");
  ASSERT_NE(scratch, nullptr);
  EXPECT_STREQ((*scratch)["fs_type"].GetString(), "tmpfs");
  EXPECT_THAT(Strings((*scratch)["options"]), Contains("noexec"));
  const rapidjson::Value* bind = FindMount(facts, "/host");
  ASSERT_NE(bind, nullptr);
  EXPECT_THAT(Strings((*bind)["options"]), Contains("ro"));
}

// tmpcopyup (runc's and crun's extension; podman --read-only): the tmpfs
// starts with the image's directory, modes included, and stays a tmpfs.
// "ro" is applied after the copy, so a read-only copy-up tmpfs works.
TEST_F(RootfsTest, TmpcopyupStartsTheTmpfsWithTheImageDirectory) {
  testing::RootfsBuilder rootfs = ProbeRootfs();
  rootfs.AddDir("/img", 0755)
      .AddFile("/img/f", "image data", 0604)
      .AddDir("/img/sub", 0770)
      .AddFile("/img/sub/g", "inner", 0640)
      .AddSymlink("/img/link", "/etc/hostname");
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                     {"destination": "/img", "type": "tmpfs", "source": "tmpfs",
                      "options": ["nosuid", "nodev", "tmpcopyup", "ro", "mode=711"]}]})",
      rootfs);
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> fs = h->Probe({"statfs", "/img"});
  ASSERT_TRUE(fs.ok()) << fs.status();
  EXPECT_STREQ((*fs)["fs_type"].GetString(), "tmpfs");
  EXPECT_THAT(Strings((*fs)["flags"]), Contains("ro"));
  const std::pair<const char*, const char*> kModes[] = {
      {"/img", "0711"}, {"/img/f", "0604"}, {"/img/sub", "0770"}, {"/img/sub/g", "0640"}};
  for (const auto& [path, mode] : kModes) {
    absl::StatusOr<rapidjson::Document> st = h->Probe({"stat", path});
    ASSERT_TRUE(st.ok()) << path << ": " << st.status();
    ASSERT_TRUE((*st)["exists"].GetBool()) << path;
    EXPECT_STREQ((*st)["mode"].GetString(), mode) << path;
  }
  absl::StatusOr<rapidjson::Document> link = h->Probe({"stat", "/img/link"});
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_STREQ((*link)["type"].GetString(), "l");
  EXPECT_STREQ((*link)["link"].GetString(), "/etc/hostname");
  absl::StatusOr<rapidjson::Document> data = h->Probe({"read", "/img/sub/g"});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_STREQ((*data)["content"].GetString(), "inner");
}

// In a user namespace the copy runs as the namespace's root: the image's
// files (owned by host root, which the namespace does not map) are read
// and copied with the owner the namespace shows for them. What that root
// may not read (a 0711 directory of host root) fails create, as with
// runc and crun, which copy in the namespace too.
TEST_F(RootfsTest, TmpcopyupWorksInAUserNamespace) {
  SKIP_UNLESS(testing::NeedUserNamespaces());
  testing::RootfsBuilder rootfs = ProbeRootfs();
  rootfs.AddDir("/img", 0755).AddFile("/img/f", "image data", 0644).AddDir("/img/sub", 0775);
  // The mapped root must be able to reach the bundle (README: rootfs
  // ownership with user namespaces), so not under Bazel's 0700 tmpdir.
  std::string saved = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "";
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "user"}],
          "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
          "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]},
          "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                     {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                      "options": ["nosuid", "mode=755"]},
                     {"destination": "/img", "type": "tmpfs", "source": "tmpfs",
                      "options": ["tmpcopyup"]}]})",
      rootfs);
  setenv("TEST_TMPDIR", saved.c_str(), 1);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(chmod(h->bundle().path().c_str(), 0755), 0);
  absl::StatusOr<rapidjson::Document> data = h->Probe({"read", "/img/f"});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_STREQ((*data)["content"].GetString(), "image data");
  absl::StatusOr<rapidjson::Document> sub = h->Probe({"stat", "/img/sub"});
  ASSERT_TRUE(sub.ok()) << sub.status();
  EXPECT_STREQ((*sub)["mode"].GetString(), "0775");
  EXPECT_EQ((*sub)["uid"].GetUint(), 65534u) << "host root, unmapped, shows as the overflow uid";
}

TEST_F(RootfsTest, TmpcopyupOverAMissingDestinationGivesAnEmptyTmpfs) {
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                     {"destination": "/new/dir", "type": "tmpfs", "source": "tmpfs",
                      "options": ["tmpcopyup"]}]})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> fs = h->Probe({"statfs", "/new/dir"});
  ASSERT_TRUE(fs.ok()) << fs.status();
  EXPECT_STREQ((*fs)["fs_type"].GetString(), "tmpfs");
}

TEST_F(RootfsTest, TmpcopyupOnABindIsAConfigErrorNamingTheMount) {
  absl::StatusOr<testing::TempDir> host = testing::TempDir::Create("bindsrc");
  ASSERT_TRUE(host.ok());
  absl::StatusOr<Harness> h = Harness::Create(absl::StrCat(
      R"({"process": {"args": ["/probe", "facts"]}, "mounts": [
          {"destination": "/proc", "type": "proc", "source": "proc"},
          {"destination": "/host", "type": "bind", "source": ")",
      host->path(), R"(", "options": ["rbind", "tmpcopyup"]}]})"));
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> out = h->Run();
  std::string error = out.ok() ? out->err : std::string(out.status().message());
  EXPECT_TRUE(!out.ok() || out->exit_code != 0) << "tmpcopyup on a bind was accepted";
  EXPECT_THAT(error, ::testing::HasSubstr("mounts[1].options: tmpcopyup applies only to a tmpfs"));
}

TEST_F(RootfsTest, SymlinkInRootfsCannotSendAMountOutside) {
  // /escape -> the host's temp dir: a runtime joining strings would mount
  // on the host; resolution inside the root must create rootfs/<dir>/x.
  absl::StatusOr<testing::TempDir> canary = testing::TempDir::Create("canary");
  ASSERT_TRUE(canary.ok());
  testing::RootfsBuilder rootfs = ProbeRootfs();
  rootfs.AddSymlink("/escape", canary->path());
  absl::StatusOr<Harness> h = Harness::Create(
      R"({"mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                     {"destination": "/escape/x", "type": "tmpfs", "source": "tmpfs"}]})",
      rootfs);
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<rapidjson::Document> facts = h->Probe({"facts"});
  ASSERT_TRUE(facts.ok()) << facts.status();
  struct stat st;
  EXPECT_NE(stat((canary->path() + "/x").c_str(), &st), 0) << "mount target created on the host";
  EXPECT_EQ(stat((h->bundle().rootfs_path() + canary->path() + "/x").c_str(), &st), 0);
}

TEST_F(RootfsTest, NoPivotUsesMoveAndChroot) {
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "facts"]}})");
  ASSERT_TRUE(h.ok());
  CreateOptions o = h->Options("nopivot");
  o.no_pivot = true;
  absl::StatusOr<Output> out = h->Run(*h->Spec(), o);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, 0) << out->err;
  absl::StatusOr<rapidjson::Document> facts = ParseJson(out->out);
  ASSERT_TRUE(facts.ok());
  EXPECT_NE(FindMount(*facts, "/proc"), nullptr);
}

TEST_F(RootfsTest, RamfsRootFallsBackFromPivotRoot) {
  // pivot_root refuses a rootfs on ramfs (EINVAL): v1's MS_MOVE + chroot.
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("ramfs");
  ASSERT_TRUE(dir.ok());
  ASSERT_EQ(mount("ramfs", dir->path().c_str(), "ramfs", 0, nullptr), 0);
  ASSERT_TRUE(ProbeRootfs()
                  .SetSharing(testing::RootfsBuilder::Sharing::kCopy)
                  .Build(dir->Sub("rootfs"))
                  .ok());
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "facts"]}})");
  ASSERT_TRUE(h.ok());
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok());
  spec->root.path = dir->Sub("rootfs");
  absl::StatusOr<Output> out = h->Run(*spec, h->Options("ramfs"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, 0) << out->err;
  absl::StatusOr<rapidjson::Document> facts = ParseJson(out->out);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_STREQ((*FindMount(*facts, "/"))["fs_type"].GetString(), "ramfs");
}

}  // namespace
}  // namespace nsinit::integration

// cgroup v2 file-level logic against fixture trees in a temp dir: the
// hierarchy root is injected, so no kernel or root is needed.
#include "runtime/cgroups/v2.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/cgroups/files.h"
#include "runtime/cgroups/manager.h"

namespace nsinit::cgroups {
namespace {

void Put(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string Get(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr char kControllers[] = "cpuset cpu io memory hugetlb pids\n";

// A fake cgroup dir: what the kernel would show once controllers are on.
void MakeCgroupDir(const std::string& dir) {
  mkdir(dir.c_str(), 0755);
  Put(dir + "/cgroup.controllers", kControllers);
  Put(dir + "/cgroup.subtree_control", "");
  for (const char* f :
       {"cgroup.procs", "cgroup.freeze", "memory.max", "memory.low", "memory.swap.max",
        "cpu.weight", "cpu.max", "cpu.max.burst", "cpu.idle", "cpuset.cpus", "cpuset.mems",
        "pids.max", "io.weight", "io.max", "hugetlb.2MB.max", "memory.high"}) {
    Put(dir + "/" + f, "");
  }
  Put(dir + "/cgroup.events", "populated 0\nfrozen 0\n");
}

class V2FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TEST_TMPDIR");
    root_ = std::string(tmp ? tmp : "/tmp") + "/v2-XXXXXX";
    ASSERT_NE(mkdtemp(root_.data()), nullptr);
    MakeCgroupDir(root_);
    MakeCgroupDir(root_ + "/nsinit");
    MakeCgroupDir(root_ + "/nsinit/c1");
  }
  Manager Make() { return Manager("/nsinit/c1", {Hierarchy{root_, {}, true}}); }
  std::string Leaf(const std::string& f) { return Get(root_ + "/nsinit/c1/" + f); }

  std::string root_;
};

TEST_F(V2FixtureTest, ModeAndDirectories) {
  Manager m = Make();
  EXPECT_EQ(m.mode(), CgroupMode::kUnified);
  EXPECT_EQ(m.Directories(), std::vector<std::string>{root_ + "/nsinit/c1"});
}

TEST_F(V2FixtureTest, CreateDelegatesControllersDownThePath) {
  Manager m = Make();
  ASSERT_TRUE(m.Create(nullptr).ok());
  EXPECT_EQ(Get(root_ + "/cgroup.subtree_control"), "+cpuset +cpu +io +memory +hugetlb +pids");
  EXPECT_EQ(Get(root_ + "/nsinit/cgroup.subtree_control"),
            "+cpuset +cpu +io +memory +hugetlb +pids");
  // Not in the leaf: it holds the processes (no internal processes rule).
  EXPECT_EQ(Leaf("cgroup.subtree_control"), "");
}

TEST_F(V2FixtureTest, ResourcesInV2Terms) {
  config::Resources r;
  r.memory.emplace();
  r.memory->limit = 1 << 20;
  r.memory->swap = 3 << 20;
  r.memory->reservation = 1 << 19;
  r.memory->kernel = 1 << 20;
  r.cpu.emplace();
  r.cpu->shares = 1024;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->burst = 1000;
  r.cpu->cpus = "0-1";
  r.pids.emplace();
  r.pids->limit = -1;
  r.block_io.emplace();
  r.block_io->weight = 500;
  config::BlockIoDevice d;
  d.major = 8;
  d.minor = 0;
  d.rate = 4096;
  r.block_io->throttle_write_iops_device.push_back(d);
  r.hugepage_limits.push_back({"2MB", 4 << 20});
  Manager m = Make();
  absl::Status s = m.Create(&r);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Leaf("memory.max"), "1048576");
  EXPECT_EQ(Leaf("memory.swap.max"), "2097152");  // memory+swap - memory
  EXPECT_EQ(Leaf("memory.low"), "524288");
  EXPECT_EQ(Leaf("cpu.weight"), "39");
  EXPECT_EQ(Leaf("cpu.max"), "50000 100000");
  EXPECT_EQ(Leaf("cpu.max.burst"), "1000");
  EXPECT_EQ(Leaf("cpuset.cpus"), "0-1");
  EXPECT_EQ(Leaf("pids.max"), "max");
  EXPECT_EQ(Leaf("io.weight"), "default 4950");
  EXPECT_EQ(Leaf("io.max"), "8:0 wiops=4096");
  EXPECT_EQ(Leaf("hugetlb.2MB.max"), "4194304");
  ASSERT_EQ(m.warnings().size(), 1u);
  EXPECT_TRUE(absl::StrContains(m.warnings()[0], "memory.kernel"));
}

TEST_F(V2FixtureTest, UnsupportedSettingsAreErrors) {
  config::Resources rt;
  rt.cpu.emplace();
  rt.cpu->realtime_runtime = 1000;
  EXPECT_TRUE(absl::StrContains(Make().Create(&rt).message(), "realtime"));
  config::Resources net;
  net.network.emplace();
  net.network->class_id = 1;
  EXPECT_TRUE(absl::StrContains(Make().Create(&net).message(), "linux.resources.network"));
  config::Resources swap_only;
  swap_only.memory.emplace();
  swap_only.memory->swap = 100;
  EXPECT_EQ(Make().Create(&swap_only).code(), absl::StatusCode::kInvalidArgument);
}

// Zero rt values, classID and pids limit are "not set" (runc): nothing to
// refuse, nothing written (SPEC CG-046, CG-048, CG-049).
TEST_F(V2FixtureTest, ZeroValuesAreNotSet) {
  config::Resources r;
  r.cpu.emplace();
  r.cpu->realtime_runtime = 0;
  r.cpu->realtime_period = 0;
  r.network.emplace();
  r.network->class_id = 0;
  r.pids.emplace();
  r.pids->limit = 0;
  Manager m = Make();
  absl::Status s = m.Create(&r);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Leaf("pids.max"), "");
}

TEST_F(V2FixtureTest, UnifiedKeysAreWrittenAndChecked) {
  config::Resources r;
  r.unified["memory.high"] = "12345";
  Manager m = Make();
  ASSERT_TRUE(m.Create(&r).ok());
  EXPECT_EQ(Leaf("memory.high"), "12345");

  for (const char* bad : {"../memory.max", "a/b", "..", "", ".hidden", "nodot"}) {
    config::Resources b;
    b.unified[bad] = "1";
    absl::Status s = Make().Update(b);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad << ": " << s;
  }
  config::Resources missing;
  missing.unified["rdma.max"] = "x";
  absl::Status s = Make().Update(missing);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "\"rdma\" controller")) << s;
}

TEST_F(V2FixtureTest, UpdateChecksUsageBeforeShrinking) {
  Put(root_ + "/nsinit/c1/memory.current", "5000\n");
  config::Resources r;
  r.memory.emplace();
  r.memory->limit = 4096;
  r.memory->check_before_update = true;
  absl::Status s = Make().Update(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "below the current usage 5000")) << s;
  r.memory->limit = 8192;
  EXPECT_TRUE(Make().Update(r).ok());
  EXPECT_EQ(Leaf("memory.max"), "8192");
}

TEST_F(V2FixtureTest, UpdateOfAMissingCgroupIsNotFound) {
  Manager m("/nsinit/absent", {Hierarchy{root_, {}, true}});
  EXPECT_EQ(m.Update(config::Resources{}).code(), absl::StatusCode::kNotFound);
}

TEST_F(V2FixtureTest, FreezeWaitsForCgroupEvents) {
  Put(root_ + "/nsinit/c1/cgroup.events", "populated 1\nfrozen 1\n");
  Manager m = Make();
  ASSERT_TRUE(m.Freeze(true).ok());
  EXPECT_EQ(Leaf("cgroup.freeze"), "1");
  EXPECT_TRUE(*m.Frozen());
  // A state that never comes is a deadline error naming the file.
  V2Cgroup v2(root_, "/nsinit/c1");
  absl::Status s = v2.WaitForEvent("frozen", 0, 50);
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(absl::StrContains(s.message(), "cgroup.events")) << s;
}

TEST(ValidateUnifiedKey, Keys) {
  EXPECT_TRUE(ValidateUnifiedKey("memory.high").ok());
  EXPECT_TRUE(ValidateUnifiedKey("io.bfq.weight").ok());
  EXPECT_FALSE(ValidateUnifiedKey("memory/../x").ok());
  EXPECT_FALSE(ValidateUnifiedKey("..").ok());
}

TEST(SplitForHybrid, ControllersOnlyV2HasGoThere) {
  V1Cgroup v1({Hierarchy{"/v1mem", {"memory"}, false}, Hierarchy{"/v1dev", {"devices"}, false}},
              "/x");
  config::Resources r;
  r.memory.emplace();
  r.memory->limit = 1;
  r.hugepage_limits.push_back({"2MB", 1});
  r.pids.emplace();
  r.devices.push_back(config::DeviceRule{});
  r.unified["hugetlb.2MB.max"] = "1";
  SplitResources s = SplitForHybrid(r, v1, {"hugetlb"});
  EXPECT_TRUE(s.v1.memory.has_value());
  EXPECT_FALSE(s.v2.memory.has_value());
  EXPECT_TRUE(s.v1.hugepage_limits.empty());
  EXPECT_EQ(s.v2.hugepage_limits.size(), 1u);
  EXPECT_TRUE(s.v1.pids.has_value());  // neither has pids: v1 names the missing controller
  EXPECT_EQ(s.v1.devices.size(), 1u);
  EXPECT_EQ(s.v2.unified.size(), 1u);
}

}  // namespace
}  // namespace nsinit::cgroups

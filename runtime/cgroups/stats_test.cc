#include "runtime/cgroups/stats.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace nsinit::cgroups {
namespace {

void Put(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string TempDir() {
  const char* tmp = getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/stats-XXXXXX";
  return mkdtemp(dir.data());
}

TEST(ReadV2Stats, FixtureToJson) {
  std::string d = TempDir();
  Put(d + "/cpu.stat",
      "usage_usec 100\nuser_usec 60\nsystem_usec 40\nnr_periods 5\nnr_throttled 2\n"
      "throttled_usec 7\n");
  Put(d + "/memory.current", "4096\n");
  Put(d + "/memory.peak", "8192\n");
  Put(d + "/memory.max", "max\n");
  Put(d + "/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
  Put(d + "/memory.stat", "anon 1000\nfile 2000\n");
  Put(d + "/pids.current", "2\n");
  Put(d + "/pids.max", "10\n");
  Put(d + "/io.stat", "8:0 rbytes=11 wbytes=22 rios=1 wios=2 dbytes=0 dios=0\n");
  absl::StatusOr<Stats> s = ReadV2Stats(d);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->cpu.total, 100000u);
  EXPECT_EQ(s->cpu.throttled_time, 7000u);
  EXPECT_EQ(s->memory.usage.limit, 0u);  // max: unlimited
  EXPECT_EQ(s->memory.usage.failcnt, 3u);
  EXPECT_EQ(s->memory.cache, 2000u);
  ASSERT_EQ(s->io_service_bytes_recursive.size(), 2u);
  EXPECT_EQ(s->io_service_bytes_recursive[1].op, "Write");

  rapidjson::Document doc;
  doc.Parse(StatsToJson(*s).c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(doc["cpu"]["usage"]["total"].GetUint64(), 100000u);
  EXPECT_EQ(doc["cpu"]["usage"]["user"].GetUint64(), 60000u);
  EXPECT_EQ(doc["cpu"]["throttling"]["throttledPeriods"].GetUint64(), 2u);
  EXPECT_EQ(doc["memory"]["usage"]["usage"].GetUint64(), 4096u);
  EXPECT_EQ(doc["memory"]["usage"]["max"].GetUint64(), 8192u);
  EXPECT_EQ(doc["memory"]["raw"]["anon"].GetUint64(), 1000u);
  EXPECT_EQ(doc["pids"]["current"].GetUint64(), 2u);
  EXPECT_EQ(doc["pids"]["limit"].GetUint64(), 10u);
  EXPECT_EQ(doc["blkio"]["ioServiceBytesRecursive"][0]["value"].GetUint64(), 11u);
  EXPECT_TRUE(doc["hugetlb"].IsObject());
}

TEST(ReadV1Stats, Fixture) {
  std::string root = TempDir();
  for (const char* c : {"cpuacct", "memory", "blkio"}) mkdir((root + "/" + c).c_str(), 0755);
  for (const char* c : {"cpuacct", "memory", "blkio"}) mkdir((root + "/" + c + "/x").c_str(), 0755);
  Put(root + "/cpuacct/x/cpuacct.usage", "500\n");
  Put(root + "/cpuacct/x/cpuacct.usage_percpu", "200 300 \n");
  Put(root + "/cpuacct/x/cpuacct.stat", "user 2\nsystem 1\n");
  Put(root + "/memory/x/memory.usage_in_bytes", "4096\n");
  Put(root + "/memory/x/memory.limit_in_bytes", "9223372036854771712\n");
  Put(root + "/memory/x/memory.failcnt", "4\n");
  Put(root + "/memory/x/memory.stat", "cache 10\nrss 20\ntotal_cache 30\n");
  Put(root + "/blkio/x/blkio.throttle.io_service_bytes_recursive",
      "254:0 Read 100\n254:0 Write 200\nTotal 300\n");
  V1Cgroup cg({Hierarchy{root + "/cpuacct", {"cpuacct"}, false},
               Hierarchy{root + "/memory", {"memory"}, false},
               Hierarchy{root + "/blkio", {"blkio"}, false}},
              "/x");
  absl::StatusOr<Stats> s = ReadV1Stats(cg);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->cpu.total, 500u);
  EXPECT_EQ(s->cpu.percpu, (std::vector<uint64_t>{200, 300}));
  EXPECT_EQ(s->cpu.user, 2u * (1000000000u / sysconf(_SC_CLK_TCK)));
  EXPECT_EQ(s->memory.usage.usage, 4096u);
  EXPECT_EQ(s->memory.usage.failcnt, 4u);
  EXPECT_EQ(s->memory.cache, 30u);  // the hierarchical total
  EXPECT_EQ(s->memory.raw.at("rss"), 20u);
  ASSERT_EQ(s->io_service_bytes_recursive.size(), 2u);  // "Total" skipped
  EXPECT_EQ(s->io_service_bytes_recursive[0].major, 254u);
}

}  // namespace
}  // namespace nsinit::cgroups

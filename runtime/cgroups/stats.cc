#include "runtime/cgroups/stats.h"

#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/cgroups/files.h"

namespace nsinit::cgroups {
namespace {

uint64_t Uint(absl::string_view dir, absl::string_view file) {
  absl::StatusOr<uint64_t> v = ReadCgroupUint(dir, file);
  return v.ok() && *v != UINT64_MAX ? *v : 0;
}

uint64_t Key(const std::map<std::string, uint64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

std::map<std::string, uint64_t> Keyed(absl::string_view dir, absl::string_view file) {
  absl::StatusOr<std::map<std::string, uint64_t>> m = ReadKeyedFile(dir, file);
  return m.ok() ? *std::move(m) : std::map<std::string, uint64_t>{};
}

// "8:0 Read 4096" lines; the "Total" line is skipped.
std::vector<BlkioEntry> ParseBlkio(absl::string_view text) {
  std::vector<BlkioEntry> out;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.size() != 3) continue;
    std::vector<absl::string_view> mm = absl::StrSplit(f[0], ':');
    BlkioEntry e;
    if (mm.size() != 2 || !absl::SimpleAtoi(mm[0], &e.major) ||
        !absl::SimpleAtoi(mm[1], &e.minor) || !absl::SimpleAtoi(f[2], &e.value)) {
      continue;
    }
    e.op = std::string(f[1]);
    out.push_back(e);
  }
  return out;
}

void WriteEntry(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* name,
                const MemoryEntry& e) {
  w.Key(name);
  w.StartObject();
  w.Key("usage");
  w.Uint64(e.usage);
  w.Key("max");
  w.Uint64(e.max_usage);
  w.Key("limit");
  w.Uint64(e.limit);
  w.Key("failcnt");
  w.Uint64(e.failcnt);
  w.EndObject();
}

}  // namespace

std::vector<std::string> HugePageSizes() {
  std::vector<std::string> out;
  DIR* d = opendir("/sys/kernel/mm/hugepages");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    absl::string_view name(e->d_name);
    uint64_t kb;
    if (!absl::ConsumePrefix(&name, "hugepages-") || !absl::ConsumeSuffix(&name, "kB") ||
        !absl::SimpleAtoi(name, &kb)) {
      continue;
    }
    // The kernel's hugetlb_cgroup names: 2MB, 1GB, 64KB.
    if (kb >= (1 << 20)) {
      out.push_back(absl::StrCat(kb >> 20, "GB"));
    } else if (kb >= 1024) {
      out.push_back(absl::StrCat(kb >> 10, "MB"));
    } else {
      out.push_back(absl::StrCat(kb, "KB"));
    }
  }
  closedir(d);
  return out;
}

absl::StatusOr<Stats> ReadV1Stats(const V1Cgroup& cg) {
  Stats s;
  if (std::string d = cg.Dir("cpuacct"); !d.empty()) {
    s.cpu.total = Uint(d, "cpuacct.usage");
    absl::StatusOr<std::string> percpu = ReadCgroupFile(d, "cpuacct.usage_percpu");
    if (percpu.ok()) {
      for (absl::string_view v :
           absl::StrSplit(*percpu, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
        uint64_t n;
        if (absl::SimpleAtoi(v, &n)) s.cpu.percpu.push_back(n);
      }
    }
    // USER_HZ ticks to ns.
    uint64_t ns_per_tick = 1000000000ull / static_cast<uint64_t>(sysconf(_SC_CLK_TCK));
    std::map<std::string, uint64_t> st = Keyed(d, "cpuacct.stat");
    s.cpu.user = Key(st, "user") * ns_per_tick;
    s.cpu.kernel = Key(st, "system") * ns_per_tick;
  }
  if (std::string d = cg.Dir("cpu"); !d.empty()) {
    std::map<std::string, uint64_t> st = Keyed(d, "cpu.stat");
    s.cpu.periods = Key(st, "nr_periods");
    s.cpu.throttled_periods = Key(st, "nr_throttled");
    s.cpu.throttled_time = Key(st, "throttled_time");
  }
  if (std::string d = cg.Dir("memory"); !d.empty()) {
    auto entry = [&](const std::string& prefix) {
      MemoryEntry e;
      e.usage = Uint(d, prefix + ".usage_in_bytes");
      e.max_usage = Uint(d, prefix + ".max_usage_in_bytes");
      e.limit = Uint(d, prefix + ".limit_in_bytes");
      e.failcnt = Uint(d, prefix + ".failcnt");
      return e;
    };
    s.memory.usage = entry("memory");
    s.memory.swap = entry("memory.memsw");
    s.memory.kernel = entry("memory.kmem");
    s.memory.raw = Keyed(d, "memory.stat");
    s.memory.cache = Key(s.memory.raw, s.memory.raw.count("total_cache") ? "total_cache" : "cache");
  }
  if (std::string d = cg.Dir("pids"); !d.empty()) {
    s.pids.current = Uint(d, "pids.current");
    s.pids.limit = Uint(d, "pids.max");
  }
  if (std::string d = cg.Dir("blkio"); !d.empty()) {
    absl::StatusOr<std::string> t = ReadCgroupFile(d, "blkio.throttle.io_service_bytes_recursive");
    if (t.ok()) s.io_service_bytes_recursive = ParseBlkio(*t);
  }
  if (std::string d = cg.Dir("hugetlb"); !d.empty()) {
    for (const std::string& size : HugePageSizes()) {
      std::string p = "hugetlb." + size;
      s.hugetlb[size] = {Uint(d, p + ".usage_in_bytes"), Uint(d, p + ".max_usage_in_bytes"),
                         Uint(d, p + ".failcnt")};
    }
  }
  return s;
}

absl::StatusOr<Stats> ReadV2Stats(const std::string& dir) {
  Stats s;
  std::map<std::string, uint64_t> cpu = Keyed(dir, "cpu.stat");
  s.cpu.total = Key(cpu, "usage_usec") * 1000;
  s.cpu.user = Key(cpu, "user_usec") * 1000;
  s.cpu.kernel = Key(cpu, "system_usec") * 1000;
  s.cpu.periods = Key(cpu, "nr_periods");
  s.cpu.throttled_periods = Key(cpu, "nr_throttled");
  s.cpu.throttled_time = Key(cpu, "throttled_usec") * 1000;
  if (FileExists(dir, "memory.current")) {
    s.memory.usage.usage = Uint(dir, "memory.current");
    s.memory.usage.max_usage = Uint(dir, "memory.peak");
    s.memory.usage.limit = Uint(dir, "memory.max");
    s.memory.usage.failcnt = Key(Keyed(dir, "memory.events"), "max");
    s.memory.swap.usage = Uint(dir, "memory.swap.current");
    s.memory.swap.limit = Uint(dir, "memory.swap.max");
    s.memory.raw = Keyed(dir, "memory.stat");
    s.memory.cache = Key(s.memory.raw, "file");
  }
  s.pids.current = Uint(dir, "pids.current");
  s.pids.limit = Uint(dir, "pids.max");
  // io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0".
  absl::StatusOr<std::string> io = ReadCgroupFile(dir, "io.stat");
  if (io.ok()) {
    for (absl::string_view line : absl::StrSplit(*io, '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (f.empty()) continue;
      std::vector<absl::string_view> mm = absl::StrSplit(f[0], ':');
      BlkioEntry e;
      if (mm.size() != 2 || !absl::SimpleAtoi(mm[0], &e.major) ||
          !absl::SimpleAtoi(mm[1], &e.minor)) {
        continue;
      }
      for (size_t i = 1; i < f.size(); ++i) {
        std::vector<absl::string_view> kv = absl::StrSplit(f[i], '=');
        if (kv.size() != 2 || !absl::SimpleAtoi(kv[1], &e.value)) continue;
        if (kv[0] == "rbytes")
          e.op = "Read";
        else if (kv[0] == "wbytes")
          e.op = "Write";
        else
          continue;
        s.io_service_bytes_recursive.push_back(e);
      }
    }
  }
  for (const std::string& size : HugePageSizes()) {
    std::string p = "hugetlb." + size;
    if (!FileExists(dir, p + ".current")) continue;
    s.hugetlb[size] = {Uint(dir, p + ".current"), 0, Key(Keyed(dir, p + ".events"), "max")};
  }
  return s;
}

std::string StatsToJson(const Stats& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("cpu");
  w.StartObject();
  w.Key("usage");
  w.StartObject();
  w.Key("total");
  w.Uint64(s.cpu.total);
  w.Key("percpu");
  w.StartArray();
  for (uint64_t v : s.cpu.percpu) w.Uint64(v);
  w.EndArray();
  w.Key("kernel");
  w.Uint64(s.cpu.kernel);
  w.Key("user");
  w.Uint64(s.cpu.user);
  w.EndObject();
  w.Key("throttling");
  w.StartObject();
  w.Key("periods");
  w.Uint64(s.cpu.periods);
  w.Key("throttledPeriods");
  w.Uint64(s.cpu.throttled_periods);
  w.Key("throttledTime");
  w.Uint64(s.cpu.throttled_time);
  w.EndObject();
  w.EndObject();
  w.Key("memory");
  w.StartObject();
  w.Key("cache");
  w.Uint64(s.memory.cache);
  WriteEntry(w, "usage", s.memory.usage);
  WriteEntry(w, "swap", s.memory.swap);
  WriteEntry(w, "kernel", s.memory.kernel);
  w.Key("raw");
  w.StartObject();
  for (const auto& [k, v] : s.memory.raw) {
    w.Key(k.c_str());
    w.Uint64(v);
  }
  w.EndObject();
  w.EndObject();
  w.Key("pids");
  w.StartObject();
  w.Key("current");
  w.Uint64(s.pids.current);
  w.Key("limit");
  w.Uint64(s.pids.limit);
  w.EndObject();
  w.Key("blkio");
  w.StartObject();
  w.Key("ioServiceBytesRecursive");
  w.StartArray();
  for (const BlkioEntry& e : s.io_service_bytes_recursive) {
    w.StartObject();
    w.Key("major");
    w.Uint64(e.major);
    w.Key("minor");
    w.Uint64(e.minor);
    w.Key("op");
    w.String(e.op.c_str());
    w.Key("value");
    w.Uint64(e.value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("hugetlb");
  w.StartObject();
  for (const auto& [size, e] : s.hugetlb) {
    w.Key(size.c_str());
    w.StartObject();
    w.Key("usage");
    w.Uint64(e.usage);
    w.Key("maxUsage");
    w.Uint64(e.max_usage);
    w.Key("failcnt");
    w.Uint64(e.failcnt);
    w.EndObject();
  }
  w.EndObject();
  if (!s.network_interfaces.empty()) {
    // runc's types.Stats names (network_interfaces, rx_bytes, ...).
    w.Key("network_interfaces");
    w.StartArray();
    for (const InterfaceEntry& e : s.network_interfaces) {
      w.StartObject();
      w.Key("name");
      w.String(e.name.c_str());
      for (auto [key, value] : {std::pair{"rx_bytes", e.rx_bytes},
                                {"rx_packets", e.rx_packets},
                                {"rx_errors", e.rx_errors},
                                {"rx_dropped", e.rx_dropped},
                                {"tx_bytes", e.tx_bytes},
                                {"tx_packets", e.tx_packets},
                                {"tx_errors", e.tx_errors},
                                {"tx_dropped", e.tx_dropped}}) {
        w.Key(key);
        w.Uint64(value);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return buf.GetString();
}

}  // namespace nsinit::cgroups

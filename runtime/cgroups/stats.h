// Usage counters of a container's cgroup, read from v1 or v2 files, and
// their JSON form — the libcontainer stats set `nsinit events --stats`
// prints (field names as runc's types.Stats JSON).
//
// Units are normalized: CPU times in nanoseconds (v1 cpuacct.stat ticks
// and v2 usec converted), memory in bytes. A counter the host does not
// have stays 0 rather than failing the whole read.
#ifndef NSINIT_RUNTIME_CGROUPS_STATS_H_
#define NSINIT_RUNTIME_CGROUPS_STATS_H_

#include <stdint.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/cgroups/v1.h"
#include "runtime/cgroups/v2.h"

namespace nsinit::cgroups {

struct MemoryEntry {
  uint64_t usage = 0;
  uint64_t max_usage = 0;
  uint64_t limit = 0;
  uint64_t failcnt = 0;
};

struct BlkioEntry {
  uint64_t major = 0;
  uint64_t minor = 0;
  std::string op;  // "Read", "Write", ...
  uint64_t value = 0;
};

struct HugetlbEntry {
  uint64_t usage = 0;
  uint64_t max_usage = 0;
  uint64_t failcnt = 0;
};

// One network interface of the container (v1 statistics: the network
// part), counted from the container's side; filled by the container, not
// from cgroup files.
struct InterfaceEntry {
  std::string name;
  uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_dropped = 0;
  uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_dropped = 0;
};

struct Stats {
  struct {
    uint64_t total = 0, user = 0, kernel = 0;  // ns
    std::vector<uint64_t> percpu;              // ns
    uint64_t periods = 0, throttled_periods = 0, throttled_time = 0;
  } cpu;
  struct {
    MemoryEntry usage, swap, kernel;
    uint64_t cache = 0;
    std::map<std::string, uint64_t> raw;  // memory.stat
  } memory;
  struct {
    uint64_t current = 0, limit = 0;  // limit 0: unlimited
  } pids;
  std::vector<BlkioEntry> io_service_bytes_recursive;
  std::map<std::string, HugetlbEntry> hugetlb;     // by page size: "2MB"
  std::vector<InterfaceEntry> network_interfaces;  // JSON only when any
};

// Page sizes of /sys/kernel/mm/hugepages as cgroup file names use them.
std::vector<std::string> HugePageSizes();

absl::StatusOr<Stats> ReadV1Stats(const V1Cgroup& cgroup);
absl::StatusOr<Stats> ReadV2Stats(const std::string& dir);

// The "data" object of a runc `events --stats` record.
std::string StatsToJson(const Stats& stats);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_STATS_H_

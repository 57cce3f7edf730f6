// The typed container model: what a container is, independent of the file it
// came from.
//
// OCI config.json (runtime-spec 1.2) parses into `Spec`; a libcontainer v1
// container.json imports into the same model (see v1_import.h). Field names
// follow the OCI JSON names in C++ style; a comment gives the JSON path where
// it is not obvious. Optional JSON fields are std::optional so "absent" and
// "zero" stay distinct (it matters for cgroup limits and for defaults such as
// HOME or the v1 capability set).
//
// Every struct compares field-wise (operator==), so a Spec that went through
// ToOciJson and back can be compared whole. Each OCI struct's JSON members
// are listed once, in oci_fields.h: a member added here goes into its list
// (oci_fields_test names the member until it does).
//
// Nothing here touches the kernel. Validation (validate.h) checks the
// model against the schema's rules and the host before anything is created.
#ifndef NSINIT_RUNTIME_CONFIG_SPEC_H_
#define NSINIT_RUNTIME_CONFIG_SPEC_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nsinit::config {

struct IdMapping {
  uint32_t container_id = 0;  // "containerID"
  uint32_t host_id = 0;       // "hostID"
  uint32_t size = 0;
  friend bool operator==(const IdMapping&, const IdMapping&) = default;
};

struct User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::optional<uint32_t> umask;
  std::vector<uint32_t> additional_gids;  // "additionalGids"
  friend bool operator==(const User&, const User&) = default;
};

struct Rlimit {
  std::string type;   // "RLIMIT_NOFILE", as written
  int resource = -1;  // RLIMIT_* value, resolved by the parser
  uint64_t soft = 0;
  uint64_t hard = 0;
  friend bool operator==(const Rlimit&, const Rlimit&) = default;
};

// Capability names as written in the config ("CAP_CHOWN"). The parser keeps
// only names it knows; names this kernel lacks are dropped with a warning,
// as the OCI text asks.
struct Capabilities {
  std::vector<std::string> bounding;
  std::vector<std::string> effective;
  std::vector<std::string> inheritable;
  std::vector<std::string> permitted;
  std::vector<std::string> ambient;
  friend bool operator==(const Capabilities&, const Capabilities&) = default;
};

struct ConsoleSize {
  uint32_t height = 0;
  uint32_t width = 0;
  friend bool operator==(const ConsoleSize&, const ConsoleSize&) = default;
};

// process.ioPriority (ioprio_set(2)).
struct IoPriority {
  std::string io_class;  // "class": IOPRIO_CLASS_RT, _BE or _IDLE
  int32_t priority = 0;  // 0..7
  friend bool operator==(const IoPriority&, const IoPriority&) = default;
};

// process.scheduler (sched_setattr(2)).
struct Scheduler {
  std::string policy;  // SCHED_OTHER, _FIFO, _RR, _BATCH, _ISO, _IDLE, _DEADLINE
  int32_t nice = 0;
  int32_t priority = 0;
  std::vector<std::string> flags;  // SCHED_FLAG_*
  uint64_t runtime = 0;            // ns, SCHED_DEADLINE
  uint64_t deadline = 0;
  uint64_t period = 0;
  friend bool operator==(const Scheduler&, const Scheduler&) = default;
};

// process.execCPUAffinity: cpu lists ("0-3,7").
struct ExecCpuAffinity {
  std::string initial;  // while the runtime sets the process up
  std::string final;    // from exec on
  friend bool operator==(const ExecCpuAffinity&, const ExecCpuAffinity&) = default;
};

struct Process {
  bool terminal = false;
  std::optional<ConsoleSize> console_size;  // "consoleSize"
  User user;
  std::vector<std::string> args;
  std::vector<std::string> env;  // "KEY=value"
  std::string cwd = "/";
  std::optional<Capabilities> capabilities;
  std::vector<Rlimit> rlimits;
  bool no_new_privileges = false;                    // "noNewPrivileges"
  std::string apparmor_profile;                      // "apparmorProfile"
  std::optional<int> oom_score_adj;                  // "oomScoreAdj"
  std::string selinux_label;                         // "selinuxLabel"
  std::optional<IoPriority> io_priority;             // "ioPriority"
  std::optional<Scheduler> scheduler;                // "scheduler"
  std::optional<ExecCpuAffinity> exec_cpu_affinity;  // "execCPUAffinity"
  friend bool operator==(const Process&, const Process&) = default;
};

struct Root {
  std::string path;  // absolute after LoadBundle (relative paths resolved)
  bool readonly = false;
  friend bool operator==(const Root&, const Root&) = default;
};

struct Mount {
  std::string destination;
  std::string type;
  std::string source;
  std::vector<std::string> options;
  std::vector<IdMapping> uid_mappings;  // "uidMappings" (idmapped mounts)
  std::vector<IdMapping> gid_mappings;
  friend bool operator==(const Mount&, const Mount&) = default;
};

struct Hook {
  std::string path;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int> timeout;  // seconds, > 0
  friend bool operator==(const Hook&, const Hook&) = default;
};

struct Hooks {
  std::vector<Hook> prestart;  // deprecated in OCI, still run
  std::vector<Hook> create_runtime;
  std::vector<Hook> create_container;
  std::vector<Hook> start_container;
  std::vector<Hook> poststart;
  std::vector<Hook> poststop;
  friend bool operator==(const Hooks&, const Hooks&) = default;
};

enum class NamespaceType { kPid, kNetwork, kMount, kIpc, kUts, kUser, kCgroup, kTime };

struct Namespace {
  NamespaceType type = NamespaceType::kMount;
  std::string path;  // empty: create a new one; else join this one
  friend bool operator==(const Namespace&, const Namespace&) = default;
};

struct Device {
  std::string path;
  char type = 'c';  // 'c', 'b', 'u' or 'p'
  int64_t major = 0;
  int64_t minor = 0;
  std::optional<uint32_t> file_mode;  // "fileMode"
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
  friend bool operator==(const Device&, const Device&) = default;
};

// linux.resources.devices[] (device cgroup rules).
struct DeviceRule {
  bool allow = false;
  std::string type = "a";        // "a", "c" or "b"
  std::optional<int64_t> major;  // absent: all ('*')
  std::optional<int64_t> minor;
  std::string access = "rwm";
  friend bool operator==(const DeviceRule&, const DeviceRule&) = default;
};

struct MemoryResources {
  std::optional<int64_t> limit;
  std::optional<int64_t> reservation;
  std::optional<int64_t> swap;
  std::optional<int64_t> kernel;
  std::optional<int64_t> kernel_tcp;  // "kernelTCP"
  std::optional<uint64_t> swappiness;
  std::optional<bool> disable_oom_killer;   // "disableOOMKiller"
  std::optional<bool> use_hierarchy;        // "useHierarchy"
  std::optional<bool> check_before_update;  // "checkBeforeUpdate"
  friend bool operator==(const MemoryResources&, const MemoryResources&) = default;
};

struct CpuResources {
  std::optional<uint64_t> shares;
  std::optional<int64_t> quota;
  std::optional<uint64_t> burst;
  std::optional<uint64_t> period;
  std::optional<int64_t> realtime_runtime;  // "realtimeRuntime"
  std::optional<uint64_t> realtime_period;  // "realtimePeriod"
  std::string cpus;
  std::string mems;
  std::optional<int64_t> idle;
  friend bool operator==(const CpuResources&, const CpuResources&) = default;
};

struct PidsResources {
  std::optional<int64_t> limit;
  friend bool operator==(const PidsResources&, const PidsResources&) = default;
};

struct BlockIoDevice {
  int64_t major = 0;
  int64_t minor = 0;
  std::optional<uint16_t> weight;
  std::optional<uint16_t> leaf_weight;  // "leafWeight"
  std::optional<uint64_t> rate;         // throttle entries only
  friend bool operator==(const BlockIoDevice&, const BlockIoDevice&) = default;
};

struct BlockIoResources {
  std::optional<uint16_t> weight;
  std::optional<uint16_t> leaf_weight;
  std::vector<BlockIoDevice> weight_device;
  std::vector<BlockIoDevice> throttle_read_bps_device;
  std::vector<BlockIoDevice> throttle_write_bps_device;
  std::vector<BlockIoDevice> throttle_read_iops_device;
  std::vector<BlockIoDevice> throttle_write_iops_device;
  friend bool operator==(const BlockIoResources&, const BlockIoResources&) = default;
};

struct HugepageLimit {
  std::string page_size;  // "pageSize": "2MB", "1GB"
  uint64_t limit = 0;
  friend bool operator==(const HugepageLimit&, const HugepageLimit&) = default;
};

struct NetworkPriority {
  std::string name;
  uint32_t priority = 0;
  friend bool operator==(const NetworkPriority&, const NetworkPriority&) = default;
};

struct NetworkResources {
  std::optional<uint32_t> class_id;  // "classID"
  std::vector<NetworkPriority> priorities;
  friend bool operator==(const NetworkResources&, const NetworkResources&) = default;
};

// linux.resources.rdma.<device> (rdma cgroup).
struct RdmaLimit {
  std::optional<uint32_t> hca_handles;  // "hcaHandles"
  std::optional<uint32_t> hca_objects;  // "hcaObjects"
  friend bool operator==(const RdmaLimit&, const RdmaLimit&) = default;
};

struct Resources {
  std::vector<DeviceRule> devices;
  std::optional<MemoryResources> memory;
  std::optional<CpuResources> cpu;
  std::optional<PidsResources> pids;
  std::optional<BlockIoResources> block_io;    // "blockIO"
  std::vector<HugepageLimit> hugepage_limits;  // "hugepageLimits"
  std::optional<NetworkResources> network;
  std::map<std::string, std::string> unified;
  std::map<std::string, RdmaLimit> rdma;
  friend bool operator==(const Resources&, const Resources&) = default;
};

struct SeccompArg {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t value_two = 0;  // "valueTwo"
  std::string op;          // "SCMP_CMP_EQ", ...
  friend bool operator==(const SeccompArg&, const SeccompArg&) = default;
};

struct SeccompSyscall {
  std::vector<std::string> names;
  std::string action;                 // "SCMP_ACT_ERRNO", ...
  std::optional<uint32_t> errno_ret;  // "errnoRet"
  std::vector<SeccompArg> args;
  friend bool operator==(const SeccompSyscall&, const SeccompSyscall&) = default;
};

struct Seccomp {
  std::string default_action;                 // "defaultAction"
  std::optional<uint32_t> default_errno_ret;  // "defaultErrnoRet"
  std::vector<std::string> architectures;
  std::vector<std::string> flags;
  std::string listener_path;      // "listenerPath"
  std::string listener_metadata;  // "listenerMetadata"
  std::vector<SeccompSyscall> syscalls;
  friend bool operator==(const Seccomp&, const Seccomp&) = default;
};

struct TimeOffset {
  int64_t secs = 0;
  uint32_t nanosecs = 0;
  friend bool operator==(const TimeOffset&, const TimeOffset&) = default;
};

// "personality": the execution domain of the container's process
// (personality(2)). The runtime-spec defines the domains LINUX and LINUX32
// and no flag yet.
struct Personality {
  std::string domain;
  std::vector<std::string> flags;
  friend bool operator==(const Personality&, const Personality&) = default;
};

// linux.netDevices (config-linux#network-devices): a host interface moved
// into the container's network namespace, renamed to `name` when set.
struct NetDevice {
  std::string name;
  friend bool operator==(const NetDevice&, const NetDevice&) = default;
};
// linux.memoryPolicy: set_mempolicy(2) for the container's process.
struct MemoryPolicy {
  std::string mode;                // "MPOL_BIND", ...
  std::string nodes;               // "0-3,7"
  std::vector<std::string> flags;  // "MPOL_F_STATIC_NODES", ...
  friend bool operator==(const MemoryPolicy&, const MemoryPolicy&) = default;
};

struct Linux {
  std::vector<Namespace> namespaces;
  std::vector<IdMapping> uid_mappings;
  std::vector<IdMapping> gid_mappings;
  std::map<std::string, TimeOffset> time_offsets;  // "timeOffsets": monotonic, boottime
  std::vector<Device> devices;
  std::string cgroups_path;  // "cgroupsPath"
  std::optional<Resources> resources;
  std::string rootfs_propagation;  // "rootfsPropagation"
  std::optional<Seccomp> seccomp;
  std::map<std::string, std::string> sysctl;
  std::vector<std::string> masked_paths;    // "maskedPaths"
  std::vector<std::string> readonly_paths;  // "readonlyPaths"
  std::string mount_label;                  // "mountLabel"
  std::optional<Personality> personality;
  std::map<std::string, NetDevice> net_devices;  // "netDevices", by host name
  std::optional<MemoryPolicy> memory_policy;     // "memoryPolicy" (runtime-spec 1.3)
  friend bool operator==(const Linux&, const Linux&) = default;
};

// What a libcontainer v1 container.json adds beyond the OCI model; kept so
// the seed's usage (networks, routes, restrict_sys) can be honoured.
struct V1Network {
  std::string type;  // "loopback", "veth", "netns"
  std::string address;
  std::string gateway;
  std::string bridge;
  std::string veth_prefix;
  std::string netns_path;
  int mtu = 0;
  friend bool operator==(const V1Network&, const V1Network&) = default;
};

struct V1Route {
  std::string destination;
  std::string source;
  std::string gateway;
  std::string interface_name;
  friend bool operator==(const V1Route&, const V1Route&) = default;
};

struct V1Extras {
  std::vector<V1Network> networks;
  std::vector<V1Route> routes;
  bool restrict_sys = false;
  friend bool operator==(const V1Extras&, const V1Extras&) = default;
};

struct Spec {
  std::string oci_version;  // "ociVersion"
  Root root;
  std::optional<Process> process;  // required by `start`, not by `create`
  std::string hostname;
  std::string domainname;
  std::vector<Mount> mounts;
  Hooks hooks;
  std::map<std::string, std::string> annotations;
  Linux linux;
  std::optional<V1Extras> v1;  // set only by the v1 import
  friend bool operator==(const Spec&, const Spec&) = default;
};

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_SPEC_H_

#include "runtime/network/container_network.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/network/net_devices.h"
#include "runtime/network/record.h"
#include "runtime/network/v1_network.h"

namespace nsinit::network {
namespace {

std::string JoinedNetnsPath(const config::Spec& spec) {
  for (const config::Namespace& ns : spec.linux.namespaces) {
    if (ns.type == config::NamespaceType::kNetwork) return ns.path;
  }
  return "";
}

// The container's network namespace: the init's while it runs, else the
// one it joined by path (it outlives the init); NOT_FOUND when neither.
absl::StatusOr<UniqueFd> ContainerNetns(const Record& record, pid_t pid) {
  if (pid > 0) {
    absl::StatusOr<UniqueFd> fd = OpenNetnsOf(pid);
    if (fd.ok()) return fd;
  }
  if (!record.netns_path.empty()) {
    UniqueFd fd(open(record.netns_path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd) return fd;
  }
  return absl::NotFoundError("the container's network namespace is gone");
}

absl::Status Undo(const Record& record, int container_netns_fd) {
  // Host ends and moved devices are named in the namespace they came from:
  // from anywhere else the same names could be someone else's interfaces.
  ASSIGN_OR_RETURN(std::string here, CurrentNetnsId());
  if (here != record.origin_netns) {
    return absl::FailedPreconditionError(
        "not undoing the container's network: this runtime is not in the network namespace "
        "that created it");
  }
  absl::Status result;
  ASSIGN_OR_RETURN(Netlink host, Netlink::Open());
  if (!record.moved.empty() && container_netns_fd >= 0) {
    UniqueFd self(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!self) return LastErrnoStatus("open /proc/thread-self/ns/net");
    ASSIGN_OR_RETURN(Netlink inside, Netlink::OpenInNetns(container_netns_fd));
    result.Update(MoveNetDevicesBack(record, inside, host, self.get()));
  }
  for (const std::string& name : record.host_veths) {
    absl::Status s = host.DeleteLink(name);
    // Gone already: its namespace went first, taking the pair with it.
    if (!s.ok() && s.code() != absl::StatusCode::kNotFound) result.Update(s);
  }
  return result;
}

}  // namespace

bool NeedsNetworkSetUp(const config::Spec& spec) {
  if (!spec.linux.net_devices.empty()) return true;
  if (!spec.v1.has_value()) return false;
  for (const config::V1Network& n : spec.v1->networks) {
    if (n.type == "loopback" || n.type == "veth") return true;
  }
  return !spec.v1->routes.empty();
}

absl::Status SetUpNetworkForChild(const config::Spec& spec, pid_t pid,
                                  const std::string& state_dir) {
  Record record;
  record.netns_path = JoinedNetnsPath(spec);
  ASSIGN_OR_RETURN(record.origin_netns, CurrentNetnsId());
  ASSIGN_OR_RETURN(UniqueFd netns, OpenNetnsOf(pid));
  // A container in the runtime's own namespace would get its eth0, routes
  // and devices made on the host.
  struct stat st;
  if (fstat(netns.get(), &st) != 0)
    return LastErrnoStatus("fstat the container's network namespace");
  if (absl::StrCat(st.st_dev, ":", st.st_ino) == record.origin_netns) {
    return absl::InvalidArgumentError(absl::StrCat(
        spec.linux.net_devices.empty() ? "networks" : "linux.netDevices",
        ": the container has no network namespace of its own (v1: NEWNET; OCI: a network "
        "namespace without the runtime's path); its interfaces would be set up on the host"));
  }
  ASSIGN_OR_RETURN(Netlink host, Netlink::Open());
  ASSIGN_OR_RETURN(Netlink inside, Netlink::OpenInNetns(netns.get()));
  SaveFn save = [&state_dir](const Record& r) { return SaveRecord(state_dir, r); };
  absl::Cleanup undo = [&] { (void)Undo(record, netns.get()); };
  if (spec.v1.has_value()) {
    RETURN_IF_ERROR(SetUpV1Network(*spec.v1, host, inside, netns.get(), &record, save));
  }
  RETURN_IF_ERROR(
      MoveNetDevicesIn(spec.linux.net_devices, host, inside, netns.get(), &record, save));
  RETURN_IF_ERROR(save(record));
  std::move(undo).Cancel();
  return absl::OkStatus();
}

absl::Status TearDownNetworkForChild(const std::string& state_dir, pid_t pid) {
  ASSIGN_OR_RETURN(Record record, LoadRecord(state_dir));
  if (record.host_veths.empty() && record.moved.empty()) return absl::OkStatus();
  absl::StatusOr<UniqueFd> netns = ContainerNetns(record, pid);
  // Without the container's namespace there is nothing to fetch back: the
  // kernel returned physical devices to the initial namespace and
  // destroyed virtual ones with it.
  absl::Status result = Undo(record, netns.ok() ? netns->get() : -1);
  if (result.ok()) {
    record.host_veths.clear();
    record.moved.clear();
    result.Update(SaveRecord(state_dir, record));
  }
  return Annotate(result, "network");
}

absl::StatusOr<std::vector<InterfaceStats>> ReadNetworkStats(const std::string& state_dir,
                                                             pid_t pid) {
  ASSIGN_OR_RETURN(Record record, LoadRecord(state_dir));
  std::vector<InterfaceStats> out;
  if (record.interfaces.empty()) return out;
  ASSIGN_OR_RETURN(UniqueFd netns, ContainerNetns(record, pid));
  ASSIGN_OR_RETURN(Netlink inside, Netlink::OpenInNetns(netns.get()));
  ASSIGN_OR_RETURN(std::vector<Link> links, inside.Links());
  for (const std::string& name : record.interfaces) {
    for (const Link& l : links) {
      if (l.name == name) out.push_back({name, l.stats});
    }
  }
  return out;
}

}  // namespace nsinit::network

#include "runtime/network/net_devices.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"

namespace nsinit::network {
namespace {

// Moves `from_name` (in `from`) into `to_netns_fd` as `to_name`, then gives
// it back the permanent addresses and the up state it had.
absl::Status Move(Netlink& from, Netlink& to, int to_netns_fd, const std::string& from_name,
                  const std::string& to_name, bool* was_up) {
  ASSIGN_OR_RETURN(Link link, from.FindLink(from_name));
  ASSIGN_OR_RETURN(std::vector<Address> addresses, from.Addresses(from_name));
  *was_up = (link.flags & IFF_UP) != 0;
  RETURN_IF_ERROR(from.MoveToNetns(from_name, to_netns_fd, to_name));
  for (const Address& a : addresses) {
    // Addresses the kernel made itself (IPv6 link-local) come back on
    // their own once the device is up.
    if ((a.flags & IFA_F_PERMANENT) == 0) continue;
    if (a.family == AF_INET6 && a.scope == RT_SCOPE_LINK) continue;
    absl::Status added = to.AddAddress(to_name, a);
    if (!added.ok() && added.code() != absl::StatusCode::kAlreadyExists) return added;
  }
  if (*was_up) RETURN_IF_ERROR(to.SetUp(to_name));
  return absl::OkStatus();
}

}  // namespace

absl::Status MoveNetDevicesIn(const std::map<std::string, config::NetDevice>& devices,
                              Netlink& host, Netlink& inside, int container_netns_fd,
                              Record* record, const SaveFn& save) {
  for (const auto& [host_name, device] : devices) {
    std::string path = absl::StrCat("linux.netDevices[\"", host_name, "\"]");
    std::string name = device.name.empty() ? host_name : device.name;
    if (inside.FindLink(name).ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat(path, ": the container already has an interface named \"", name, "\""));
    }
    absl::StatusOr<Link> link = host.FindLink(host_name);
    if (!link.ok()) return Annotate(link.status(), path);
    // Recorded before the move: a move that half happened is undone too.
    record->moved.push_back({host_name, name, (link->flags & IFF_UP) != 0});
    record->interfaces.push_back(name);
    RETURN_IF_ERROR(save(*record));
    bool was_up = false;
    absl::Status moved = Move(host, inside, container_netns_fd, host_name, name, &was_up);
    if (!moved.ok()) {
      // Not moved at all: nothing to give back.
      if (host.FindLink(host_name).ok()) {
        record->moved.pop_back();
        record->interfaces.pop_back();
        (void)save(*record);
      }
      return Annotate(moved, path);
    }
  }
  return absl::OkStatus();
}

absl::Status MoveNetDevicesBack(const Record& record, Netlink& inside, Netlink& host,
                                int runtime_netns_fd) {
  absl::Status result;
  for (const MovedDevice& m : record.moved) {
    bool was_up = false;
    absl::Status s = Move(inside, host, runtime_netns_fd, m.container_name, m.host_name, &was_up);
    result.Update(Annotate(s, absl::StrCat("returning ", m.container_name, " as ", m.host_name)));
  }
  return result;
}

}  // namespace nsinit::network

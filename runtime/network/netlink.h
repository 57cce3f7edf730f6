// Netlink: the route netlink operations the runtime needs on network
// interfaces, through libnl-3's message and attribute helpers.
//
// A Netlink works in the network namespace its socket was made in: the
// caller's (Open) or another one (OpenInNetns, the socket is made by a short
// thread that enters that namespace; a netlink socket keeps its namespace
// for life). So the parent sets up a container's interfaces without the
// container's init doing anything. Interfaces are named by their names; a
// failure says the operation, the interface and the errno the kernel gave:
// "netlink: setting mtu 1500 on veth0: EINVAL: Invalid argument".
#ifndef NSINIT_RUNTIME_NETWORK_NETLINK_H_
#define NSINIT_RUNTIME_NETWORK_NETLINK_H_

#include <stdint.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"

struct nl_sock;
struct nl_msg;

namespace nsinit::network {

// The counters of rtnl_link_stats64 that the v1 statistics report.
struct LinkStats {
  uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_dropped = 0;
  uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_dropped = 0;
};

struct Link {
  int index = 0;
  std::string name;
  std::string kind;  // IFLA_INFO_KIND: "veth", "bridge", "dummy"; "" for lo
  uint32_t mtu = 0;
  uint32_t flags = 0;  // IFF_*
  int master = 0;      // ifindex of the bridge it is attached to
  LinkStats stats;
};

// An address of an interface, as RTM_NEWADDR carries it.
struct Address {
  int family = 0;       // AF_INET, AF_INET6
  std::string address;  // "192.0.2.2"
  int prefix_len = 0;
  uint8_t scope = 0;             // RT_SCOPE_*
  uint32_t flags = 0;            // IFA_F_*
  std::string ToString() const;  // "192.0.2.2/24"
};

// "192.0.2.2/24" (or "192.0.2.2", a host address); `what` names the field.
absl::StatusOr<Address> ParseCidr(const std::string& text, const std::string& what);

struct Route {
  std::string destination;  // "0.0.0.0/0" or empty: the default route
  std::string source;       // preferred source address (RTA_PREFSRC)
  std::string gateway;
  std::string interface;  // RTA_OIF
};

// The network namespace of process `pid`, opened O_RDONLY|O_CLOEXEC.
absl::StatusOr<UniqueFd> OpenNetnsOf(pid_t pid);

class Netlink {
 public:
  // A route netlink socket in the caller's network namespace.
  static absl::StatusOr<Netlink> Open();
  // A route netlink socket in the network namespace `netns_fd` refers to.
  static absl::StatusOr<Netlink> OpenInNetns(int netns_fd);

  Netlink(Netlink&&) noexcept;
  Netlink& operator=(Netlink&&) noexcept;
  ~Netlink();

  absl::StatusOr<std::vector<Link>> Links();
  // NOT_FOUND ("netlink: finding interface X: ENODEV: ...") when there is none.
  absl::StatusOr<Link> FindLink(const std::string& name);
  absl::Status SetUp(const std::string& name, bool up = true);
  absl::Status SetMtu(const std::string& name, uint32_t mtu);
  absl::Status SetMaster(const std::string& name, const std::string& master);
  absl::Status Rename(const std::string& name, const std::string& new_name);
  // A veth pair created in one step: `name` here, `peer` directly in the
  // namespace of `peer_netns_fd` (-1: here). Made that way, the pair can
  // never be left behind by a runtime killed before a move: it dies with
  // that namespace. `mtu` 0 keeps the kernel's default.
  absl::Status CreateVeth(const std::string& name, const std::string& peer, uint32_t mtu,
                          int peer_netns_fd);
  // Any other kind without options ("dummy", "bridge").
  absl::Status CreateLink(const std::string& name, const std::string& kind);
  absl::Status DeleteLink(const std::string& name);
  // Moves `name` into the namespace of `netns_fd`, named `new_name` there
  // (empty: unchanged). The kernel drops its addresses on the way.
  absl::Status MoveToNetns(const std::string& name, int netns_fd, const std::string& new_name);
  absl::Status AddAddress(const std::string& name, const Address& address);
  absl::StatusOr<std::vector<Address>> Addresses(const std::string& name);
  absl::Status AddRoute(const Route& route);

 private:
  explicit Netlink(nl_sock* sock);
  // Sends `msg` (taking it), waits for the kernel's answer.
  absl::Status Request(::nl_msg* msg, const std::string& what);

  nl_sock* sock_ = nullptr;
};

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_NETLINK_H_

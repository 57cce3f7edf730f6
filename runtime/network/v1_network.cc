#include "runtime/network/v1_network.h"

#include <sys/random.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/base/status_macros.h"

namespace nsinit::network {

std::string RandomVethName(const std::string& prefix) {
  uint32_t r = 0;
  if (getrandom(&r, sizeof(r), 0) != sizeof(r)) r = static_cast<uint32_t>(getpid()) * 2654435761u;
  std::string p = prefix.empty() ? "veth" : prefix.substr(0, 8);
  return absl::StrCat(p, absl::StrFormat("%07x", r & 0xfffffff));
}

absl::Status SetUpV1Network(const config::V1Extras& v1, Netlink& host, Netlink& inside,
                            int container_netns_fd, Record* record, const SaveFn& save) {
  for (size_t i = 0; i < v1.networks.size(); ++i) {
    const config::V1Network& n = v1.networks[i];
    std::string path = absl::StrCat("networks[", i, "]");
    if (n.type == "loopback") {
      RETURN_IF_ERROR(Annotate(inside.SetUp("lo"), path));
      continue;
    }
    if (n.type != "veth") continue;  // netns: joined by the import
    if (n.mtu < 0)
      return absl::InvalidArgumentError(absl::StrCat(path, ".mtu: must not be negative"));
    std::optional<Address> address;
    if (!n.address.empty()) {
      ASSIGN_OR_RETURN(address, ParseCidr(n.address, absl::StrCat(path, ".address")));
    }
    const std::string kEth0 = "eth0";
    std::string host_name = RandomVethName(n.veth_prefix);
    uint32_t mtu = static_cast<uint32_t>(n.mtu);
    RETURN_IF_ERROR(Annotate(host.CreateVeth(host_name, kEth0, mtu, container_netns_fd), path));
    record->host_veths.push_back(host_name);
    record->interfaces.push_back(kEth0);
    RETURN_IF_ERROR(save(*record));
    if (!n.bridge.empty()) RETURN_IF_ERROR(Annotate(host.SetMaster(host_name, n.bridge), path));
    RETURN_IF_ERROR(Annotate(host.SetUp(host_name), path));
    if (address) RETURN_IF_ERROR(Annotate(inside.AddAddress(kEth0, *address), path));
    RETURN_IF_ERROR(Annotate(inside.SetUp(kEth0), path));
    if (!n.gateway.empty()) {
      Route r;
      r.gateway = n.gateway;
      r.interface = kEth0;
      RETURN_IF_ERROR(Annotate(inside.AddRoute(r), absl::StrCat(path, ".gateway")));
    }
  }
  for (size_t i = 0; i < v1.routes.size(); ++i) {
    const config::V1Route& v = v1.routes[i];
    Route r;
    r.destination = v.destination == "0.0.0.0/0" || v.destination == "::/0" ? "" : v.destination;
    r.source = v.source;
    r.gateway = v.gateway;
    r.interface = v.interface_name;
    RETURN_IF_ERROR(Annotate(inside.AddRoute(r), absl::StrCat("routes[", i, "]")));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::network

#include "runtime/network/netlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>

#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"

namespace nsinit::network {
namespace {

// The first error the kernel answered a request with (nlmsgerr.error is a
// negative errno); libnl would turn it into its own code otherwise.
int OnError(struct sockaddr_nl*, struct nlmsgerr* e, void* arg) {
  *static_cast<int*>(arg) = -e->error;
  return NL_STOP;
}

struct nl_msg* NewLinkMessage(int type, int flags, int index) {
  struct nl_msg* msg = nlmsg_alloc_simple(type, flags);
  struct ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = index;
  nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
  return msg;
}

int AddressLength(int family) { return family == AF_INET ? 4 : 16; }

absl::StatusOr<Address> ParseAddress(const std::string& text, const std::string& what) {
  Address a;
  unsigned char buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1) {
    a.family = AF_INET;
    a.prefix_len = 32;
  } else if (inet_pton(AF_INET6, text.c_str(), buf) == 1) {
    a.family = AF_INET6;
    a.prefix_len = 128;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": \"", text, "\" is not an IPv4 or IPv6 address"));
  }
  a.address = text;
  return a;
}

void PutAddress(struct nl_msg* msg, int attr, const Address& a) {
  unsigned char buf[16];
  inet_pton(a.family, a.address.c_str(), buf);
  nla_put(msg, attr, AddressLength(a.family), buf);
}

std::string AddressText(int family, const void* data) {
  char text[INET6_ADDRSTRLEN] = "";
  inet_ntop(family, data, text, sizeof(text));
  return text;
}

int OnLink(struct nl_msg* msg, void* arg) {
  struct nlmsghdr* nlh = nlmsg_hdr(msg);
  if (nlh->nlmsg_type != RTM_NEWLINK) return NL_OK;
  auto* ifi = static_cast<struct ifinfomsg*>(nlmsg_data(nlh));
  struct nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, nullptr) < 0) return NL_SKIP;
  Link link;
  link.index = ifi->ifi_index;
  link.flags = ifi->ifi_flags;
  if (tb[IFLA_IFNAME] != nullptr) link.name = nla_get_string(tb[IFLA_IFNAME]);
  if (tb[IFLA_MTU] != nullptr) link.mtu = nla_get_u32(tb[IFLA_MTU]);
  if (tb[IFLA_MASTER] != nullptr) link.master = static_cast<int>(nla_get_u32(tb[IFLA_MASTER]));
  if (tb[IFLA_LINKINFO] != nullptr) {
    struct nlattr* info[IFLA_INFO_MAX + 1] = {};
    if (nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr) == 0 &&
        info[IFLA_INFO_KIND] != nullptr) {
      link.kind = nla_get_string(info[IFLA_INFO_KIND]);
    }
  }
  if (tb[IFLA_STATS64] != nullptr &&
      nla_len(tb[IFLA_STATS64]) >= static_cast<int>(sizeof(struct rtnl_link_stats64))) {
    struct rtnl_link_stats64 s;
    memcpy(&s, nla_data(tb[IFLA_STATS64]), sizeof(s));
    link.stats = {s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped,
                  s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped};
  }
  static_cast<std::vector<Link>*>(arg)->push_back(std::move(link));
  return NL_OK;
}

struct AddressDump {
  int index;
  std::vector<Address> out;
};

int OnAddress(struct nl_msg* msg, void* arg) {
  struct nlmsghdr* nlh = nlmsg_hdr(msg);
  if (nlh->nlmsg_type != RTM_NEWADDR) return NL_OK;
  auto* dump = static_cast<AddressDump*>(arg);
  auto* ifa = static_cast<struct ifaddrmsg*>(nlmsg_data(nlh));
  if (static_cast<int>(ifa->ifa_index) != dump->index) return NL_OK;
  struct nlattr* tb[IFA_MAX + 1] = {};
  if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, nullptr) < 0) return NL_SKIP;
  // IPv4 gives the interface's own address as IFA_LOCAL (IFA_ADDRESS is
  // the peer on point-to-point links); IPv6 gives only IFA_ADDRESS.
  struct nlattr* addr = tb[IFA_LOCAL] != nullptr ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
  if (addr == nullptr) return NL_OK;
  Address a;
  a.family = ifa->ifa_family;
  a.address = AddressText(a.family, nla_data(addr));
  a.prefix_len = ifa->ifa_prefixlen;
  a.scope = ifa->ifa_scope;
  a.flags = tb[IFA_FLAGS] != nullptr ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
  dump->out.push_back(std::move(a));
  return NL_OK;
}

}  // namespace

std::string Address::ToString() const { return absl::StrCat(address, "/", prefix_len); }

absl::StatusOr<Address> ParseCidr(const std::string& text, const std::string& what) {
  size_t slash = text.find('/');
  ASSIGN_OR_RETURN(Address a, ParseAddress(text.substr(0, slash), what));
  if (slash != std::string::npos) {
    int len;
    if (!absl::SimpleAtoi(text.substr(slash + 1), &len) || len < 0 || len > a.prefix_len) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": \"", text, "\" has no valid prefix length"));
    }
    a.prefix_len = len;
  }
  return a;
}

absl::StatusOr<UniqueFd> OpenNetnsOf(pid_t pid) {
  std::string path = absl::StrCat("/proc/", pid, "/ns/net");
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", path));
  return fd;
}

Netlink::Netlink(nl_sock* sock) : sock_(sock) {}
Netlink::Netlink(Netlink&& other) noexcept : sock_(std::exchange(other.sock_, nullptr)) {}
Netlink& Netlink::operator=(Netlink&& other) noexcept {
  std::swap(sock_, other.sock_);
  return *this;
}
Netlink::~Netlink() {
  if (sock_ != nullptr) nl_socket_free(sock_);  // closes the fd too
}

absl::StatusOr<Netlink> Netlink::Open() {
  nl_sock* sock = nl_socket_alloc();
  if (sock == nullptr) return absl::ResourceExhaustedError("netlink: nl_socket_alloc");
  Netlink nl(sock);
  if (int r = nl_connect(sock, NETLINK_ROUTE); r < 0) {
    return absl::InternalError(
        absl::StrCat("netlink: connecting a NETLINK_ROUTE socket: ", nl_geterror(r)));
  }
  return nl;
}

absl::StatusOr<Netlink> Netlink::OpenInNetns(int netns_fd) {
  // Only this short thread enters the namespace: the socket stays bound to
  // it, the caller's threads never leave their own.
  int fd = -1;
  int err = 0;
  const char* step = "";
  std::thread([&] {
    if (setns(netns_fd, CLONE_NEWNET) != 0) {
      err = errno;
      step = "setns CLONE_NEWNET";
      return;
    }
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      err = errno;
      step = "socket AF_NETLINK NETLINK_ROUTE";
    }
  }).join();
  if (fd < 0)
    return ErrnoStatus(err, absl::StrCat("netlink: ", step, " (netns fd ", netns_fd, ")"));
  UniqueFd owned(fd);
  nl_sock* sock = nl_socket_alloc();
  if (sock == nullptr) return absl::ResourceExhaustedError("netlink: nl_socket_alloc");
  Netlink nl(sock);
  // The kernel picks the port when the socket is bound; libnl takes it.
  nl_socket_set_local_port(sock, 0);
  struct sockaddr_nl local = {};
  local.nl_family = AF_NETLINK;
  if (bind(owned.get(), reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    return LastErrnoStatus("netlink: bind AF_NETLINK");
  }
  if (int r = nl_socket_set_fd(sock, NETLINK_ROUTE, owned.get()); r < 0) {
    return absl::InternalError(absl::StrCat("netlink: adopting the socket: ", nl_geterror(r)));
  }
  owned.release();
  return nl;
}

absl::Status Netlink::Request(struct nl_msg* msg, const std::string& what) {
  int kernel_err = 0;
  nl_socket_modify_err_cb(sock_, NL_CB_CUSTOM, OnError, &kernel_err);
  int sent = nl_send_auto(sock_, msg);
  int send_errno = errno;
  nlmsg_free(msg);
  if (sent < 0) return ErrnoStatus(send_errno, absl::StrCat("netlink: sending ", what));
  int r = nl_wait_for_ack(sock_);
  if (kernel_err != 0) return ErrnoStatus(kernel_err, absl::StrCat("netlink: ", what));
  if (r < 0) return absl::InternalError(absl::StrCat("netlink: ", what, ": ", nl_geterror(r)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Link>> Netlink::Links() {
  std::vector<Link> links;
  int kernel_err = 0;
  nl_socket_modify_err_cb(sock_, NL_CB_CUSTOM, OnError, &kernel_err);
  nl_socket_modify_cb(sock_, NL_CB_VALID, NL_CB_CUSTOM, OnLink, &links);
  struct nl_msg* msg = NewLinkMessage(RTM_GETLINK, NLM_F_DUMP, 0);
  int sent = nl_send_auto(sock_, msg);
  int send_errno = errno;
  nlmsg_free(msg);
  if (sent < 0) return ErrnoStatus(send_errno, "netlink: sending RTM_GETLINK dump");
  int r = nl_recvmsgs_default(sock_);
  if (kernel_err != 0) return ErrnoStatus(kernel_err, "netlink: listing interfaces");
  if (r < 0)
    return absl::InternalError(absl::StrCat("netlink: listing interfaces: ", nl_geterror(r)));
  return links;
}

absl::StatusOr<Link> Netlink::FindLink(const std::string& name) {
  ASSIGN_OR_RETURN(std::vector<Link> links, Links());
  for (Link& l : links) {
    if (l.name == name) return std::move(l);
  }
  return ErrnoStatus(ENODEV, absl::StrCat("netlink: finding interface ", name));
}

absl::Status Netlink::SetUp(const std::string& name, bool up) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  struct nl_msg* msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
  struct ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = link.index;
  ifi.ifi_change = IFF_UP;
  ifi.ifi_flags = up ? IFF_UP : 0;
  nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
  return Request(msg, absl::StrCat("setting ", name, up ? " up" : " down"));
}

absl::Status Netlink::SetMtu(const std::string& name, uint32_t mtu) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, 0, link.index);
  nla_put_u32(msg, IFLA_MTU, mtu);
  return Request(msg, absl::StrCat("setting mtu ", mtu, " on ", name));
}

absl::Status Netlink::SetMaster(const std::string& name, const std::string& master) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  absl::StatusOr<Link> bridge = FindLink(master);
  if (!bridge.ok()) {
    return Annotate(bridge.status(), absl::StrCat("attaching ", name, " to bridge ", master));
  }
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, 0, link.index);
  nla_put_u32(msg, IFLA_MASTER, static_cast<uint32_t>(bridge->index));
  return Request(msg, absl::StrCat("attaching ", name, " to bridge ", master));
}

absl::Status Netlink::Rename(const std::string& name, const std::string& new_name) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, 0, link.index);
  nla_put_string(msg, IFLA_IFNAME, new_name.c_str());
  return Request(msg, absl::StrCat("renaming ", name, " to ", new_name));
}

absl::Status Netlink::CreateVeth(const std::string& name, const std::string& peer, uint32_t mtu,
                                 int peer_netns_fd) {
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
  nla_put_string(msg, IFLA_IFNAME, name.c_str());
  if (mtu != 0) nla_put_u32(msg, IFLA_MTU, mtu);
  struct nlattr* linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
  nla_put_string(msg, IFLA_INFO_KIND, "veth");
  struct nlattr* data = nla_nest_start(msg, IFLA_INFO_DATA);
  struct nlattr* peer_info = nla_nest_start(msg, VETH_INFO_PEER);
  struct ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
  nla_put_string(msg, IFLA_IFNAME, peer.c_str());
  if (mtu != 0) nla_put_u32(msg, IFLA_MTU, mtu);
  if (peer_netns_fd >= 0) nla_put_u32(msg, IFLA_NET_NS_FD, static_cast<uint32_t>(peer_netns_fd));
  nla_nest_end(msg, peer_info);
  nla_nest_end(msg, data);
  nla_nest_end(msg, linkinfo);
  return Request(msg, absl::StrCat("creating veth pair ", name, " (peer ", peer,
                                   peer_netns_fd >= 0 ? " in the container's namespace" : "",
                                   mtu != 0 ? absl::StrCat(", mtu ", mtu) : "", ")"));
}

absl::Status Netlink::CreateLink(const std::string& name, const std::string& kind) {
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
  nla_put_string(msg, IFLA_IFNAME, name.c_str());
  struct nlattr* linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
  nla_put_string(msg, IFLA_INFO_KIND, kind.c_str());
  nla_nest_end(msg, linkinfo);
  return Request(msg, absl::StrCat("creating ", kind, " ", name));
}

absl::Status Netlink::DeleteLink(const std::string& name) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  return Request(NewLinkMessage(RTM_DELLINK, 0, link.index), absl::StrCat("deleting ", name));
}

absl::Status Netlink::MoveToNetns(const std::string& name, int netns_fd,
                                  const std::string& new_name) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  struct nl_msg* msg = NewLinkMessage(RTM_NEWLINK, 0, link.index);
  nla_put_u32(msg, IFLA_NET_NS_FD, static_cast<uint32_t>(netns_fd));
  // One message: moved and renamed together, so the name it has on
  // arrival cannot clash with one already there.
  if (!new_name.empty() && new_name != name) nla_put_string(msg, IFLA_IFNAME, new_name.c_str());
  return Request(
      msg,
      absl::StrCat("moving ", name, " to another network namespace",
                   new_name.empty() || new_name == name ? "" : absl::StrCat(" as ", new_name)));
}

absl::Status Netlink::AddAddress(const std::string& name, const Address& address) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  struct nl_msg* msg = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  struct ifaddrmsg ifa = {};
  ifa.ifa_family = static_cast<uint8_t>(address.family);
  ifa.ifa_prefixlen = static_cast<uint8_t>(address.prefix_len);
  ifa.ifa_scope = address.scope;
  ifa.ifa_index = static_cast<uint32_t>(link.index);
  nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
  PutAddress(msg, IFA_LOCAL, address);
  PutAddress(msg, IFA_ADDRESS, address);
  // Only the flags a user may set; the kernel's own (tentative...) stay its.
  uint32_t flags = address.flags & (IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_NOPREFIXROUTE |
                                    IFA_F_MANAGETEMPADDR | IFA_F_MCAUTOJOIN);
  if (flags != 0) nla_put_u32(msg, IFA_FLAGS, flags);
  return Request(msg, absl::StrCat("adding address ", address.ToString(), " to ", name));
}

absl::StatusOr<std::vector<Address>> Netlink::Addresses(const std::string& name) {
  ASSIGN_OR_RETURN(Link link, FindLink(name));
  AddressDump dump{link.index, {}};
  int kernel_err = 0;
  nl_socket_modify_err_cb(sock_, NL_CB_CUSTOM, OnError, &kernel_err);
  nl_socket_modify_cb(sock_, NL_CB_VALID, NL_CB_CUSTOM, OnAddress, &dump);
  struct nl_msg* msg = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP);
  struct ifaddrmsg ifa = {};
  ifa.ifa_family = AF_UNSPEC;
  nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
  int sent = nl_send_auto(sock_, msg);
  int send_errno = errno;
  nlmsg_free(msg);
  if (sent < 0) return ErrnoStatus(send_errno, "netlink: sending RTM_GETADDR dump");
  int r = nl_recvmsgs_default(sock_);
  std::string what = absl::StrCat("listing the addresses of ", name);
  if (kernel_err != 0) return ErrnoStatus(kernel_err, absl::StrCat("netlink: ", what));
  if (r < 0) return absl::InternalError(absl::StrCat("netlink: ", what, ": ", nl_geterror(r)));
  return std::move(dump.out);
}

absl::Status Netlink::AddRoute(const Route& route) {
  std::string what =
      absl::StrCat("adding route to ", route.destination.empty() ? "default" : route.destination);
  if (!route.gateway.empty()) absl::StrAppend(&what, " via ", route.gateway);
  if (!route.source.empty()) absl::StrAppend(&what, " src ", route.source);
  if (!route.interface.empty()) absl::StrAppend(&what, " dev ", route.interface);
  std::optional<Address> dst, gw, src;
  if (!route.destination.empty()) {
    ASSIGN_OR_RETURN(dst, ParseCidr(route.destination, what));
  }
  if (!route.gateway.empty()) {
    ASSIGN_OR_RETURN(gw, ParseAddress(route.gateway, what));
  }
  if (!route.source.empty()) {
    ASSIGN_OR_RETURN(src, ParseAddress(route.source, what));
  }
  int family = dst ? dst->family : gw ? gw->family : src ? src->family : AF_INET;
  for (const std::optional<Address>* a : {&dst, &gw, &src}) {
    if (*a && (*a)->family != family) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": mixes IPv4 and IPv6 addresses"));
    }
  }
  int oif = 0;
  if (!route.interface.empty()) {
    ASSIGN_OR_RETURN(Link link, FindLink(route.interface));
    oif = link.index;
  }
  struct nl_msg* msg = nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  struct rtmsg rtm = {};
  rtm.rtm_family = static_cast<uint8_t>(family);
  rtm.rtm_dst_len = static_cast<uint8_t>(dst ? dst->prefix_len : 0);
  rtm.rtm_table = RT_TABLE_MAIN;
  rtm.rtm_protocol = RTPROT_BOOT;
  rtm.rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  rtm.rtm_type = RTN_UNICAST;
  nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO);
  if (dst && dst->prefix_len > 0) PutAddress(msg, RTA_DST, *dst);
  if (gw) PutAddress(msg, RTA_GATEWAY, *gw);
  if (src) PutAddress(msg, RTA_PREFSRC, *src);
  if (oif != 0) nla_put_u32(msg, RTA_OIF, static_cast<uint32_t>(oif));
  return Request(msg, what);
}

}  // namespace nsinit::network

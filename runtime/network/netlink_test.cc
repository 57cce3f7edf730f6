#include "runtime/network/netlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "runtime/network/test_netns.h"

namespace nsinit::network {
namespace {

// Every test works in namespaces it made: nothing here can reach the
// host's interfaces.
class NetlinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (CAP_NET_ADMIN, unshare CLONE_NEWNET)";
    absl::StatusOr<UniqueFd> a = NewTestNetns();
    ASSERT_TRUE(a.ok()) << a.status();
    absl::StatusOr<UniqueFd> b = NewTestNetns();
    ASSERT_TRUE(b.ok()) << b.status();
    ns_a_ = std::move(*a);
    ns_b_ = std::move(*b);
  }

  Netlink In(const UniqueFd& ns) {
    absl::StatusOr<Netlink> nl = Netlink::OpenInNetns(ns.get());
    EXPECT_TRUE(nl.ok()) << nl.status();
    return std::move(*nl);
  }

  UniqueFd ns_a_, ns_b_;
};

TEST_F(NetlinkTest, NewNamespaceHasOnlyLoopbackDown) {
  Netlink nl = In(ns_a_);
  absl::StatusOr<std::vector<Link>> links = nl.Links();
  ASSERT_TRUE(links.ok()) << links.status();
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].name, "lo");
  EXPECT_EQ((*links)[0].flags & IFF_UP, 0u);
  ASSERT_TRUE(nl.SetUp("lo").ok());
  EXPECT_NE(nl.FindLink("lo")->flags & IFF_UP, 0u);
}

TEST_F(NetlinkTest, VethPeerIsCreatedInTheOtherNamespace) {
  Netlink a = In(ns_a_);
  Netlink b = In(ns_b_);
  ASSERT_TRUE(a.CreateLink("br0", "bridge").ok());
  absl::Status made = a.CreateVeth("vethh0", "eth0", 1400, ns_b_.get());
  ASSERT_TRUE(made.ok()) << made;
  ASSERT_TRUE(a.SetMaster("vethh0", "br0").ok());
  ASSERT_TRUE(a.SetUp("vethh0").ok());

  absl::StatusOr<Link> host = a.FindLink("vethh0");
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(host->kind, "veth");
  EXPECT_EQ(host->mtu, 1400u);
  EXPECT_EQ(host->master, a.FindLink("br0")->index);
  EXPECT_FALSE(a.FindLink("eth0").ok());

  absl::StatusOr<Link> peer = b.FindLink("eth0");
  ASSERT_TRUE(peer.ok()) << peer.status();
  EXPECT_EQ(peer->mtu, 1400u);

  // Deleting one end deletes the pair.
  ASSERT_TRUE(a.DeleteLink("vethh0").ok());
  EXPECT_EQ(b.FindLink("eth0").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(NetlinkTest, AddressesAndRoutes) {
  Netlink nl = In(ns_a_);
  // This kernel may lack the dummy driver: a veth end serves as well.
  ASSERT_TRUE(nl.CreateVeth("d0", "d0p", 0, -1).ok());
  ASSERT_TRUE(nl.SetMtu("d0", 1300).ok());
  ASSERT_TRUE(nl.SetUp("d0").ok());
  absl::StatusOr<Address> addr = ParseCidr("192.0.2.10/24", "test");
  ASSERT_TRUE(addr.ok()) << addr.status();
  absl::Status added = nl.AddAddress("d0", *addr);
  ASSERT_TRUE(added.ok()) << added;
  absl::StatusOr<std::vector<Address>> addrs = nl.Addresses("d0");
  ASSERT_TRUE(addrs.ok()) << addrs.status();
  bool found = false;
  for (const Address& a : *addrs) found |= a.ToString() == "192.0.2.10/24";
  EXPECT_TRUE(found);

  Route r;
  r.destination = "0.0.0.0/0";
  r.gateway = "192.0.2.1";
  r.source = "192.0.2.10";
  r.interface = "d0";
  absl::Status routed = nl.AddRoute(r);
  EXPECT_TRUE(routed.ok()) << routed;
  // The same route twice: the kernel's errno, the route and the operation.
  absl::Status again = nl.AddRoute(r);
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(again.message().find("EEXIST"), absl::string_view::npos) << again;
  EXPECT_NE(again.message().find("via 192.0.2.1"), absl::string_view::npos) << again;
}

TEST_F(NetlinkTest, MoveRenamesAndKeepsTheDevice) {
  Netlink a = In(ns_a_);
  Netlink b = In(ns_b_);
  ASSERT_TRUE(a.CreateVeth("d1", "d1p", 0, -1).ok());
  absl::Status moved = a.MoveToNetns("d1", ns_b_.get(), "net1");
  ASSERT_TRUE(moved.ok()) << moved;
  EXPECT_FALSE(a.FindLink("d1").ok());
  absl::StatusOr<Link> there = b.FindLink("net1");
  ASSERT_TRUE(there.ok()) << there.status();
  EXPECT_EQ(there->kind, "veth");
  ASSERT_TRUE(b.MoveToNetns("net1", ns_a_.get(), "d1").ok());
  EXPECT_TRUE(a.FindLink("d1").ok());
  ASSERT_TRUE(a.Rename("d1", "d2").ok());
  EXPECT_TRUE(a.FindLink("d2").ok());
}

TEST_F(NetlinkTest, FailuresNameTheInterfaceOperationAndErrno) {
  Netlink nl = In(ns_a_);
  absl::Status missing = nl.SetMtu("nosuch0", 1500);
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("nosuch0"), absl::string_view::npos) << missing;

  ASSERT_TRUE(nl.CreateLink("d0", "bridge").ok());
  absl::Status exists = nl.CreateLink("d0", "bridge");
  EXPECT_EQ(exists.message(), "netlink: creating bridge d0: EEXIST: File exists");
  absl::Status bad = nl.SetMtu("d0", 1u << 30);
  EXPECT_NE(bad.message().find("setting mtu 1073741824 on d0: EINVAL"), absl::string_view::npos)
      << bad;
  absl::Status no_bridge = nl.SetMaster("d0", "nobr0");
  EXPECT_NE(no_bridge.message().find("attaching d0 to bridge nobr0"), absl::string_view::npos)
      << no_bridge;
}

TEST_F(NetlinkTest, StatisticsCountTraffic) {
  Netlink nl = In(ns_a_);
  ASSERT_TRUE(nl.SetUp("lo").ok());
  int err = RunInNetns(ns_a_.get(), [] {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return errno;
    struct sockaddr_in to = {};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = sendto(s, "abcd", 4, 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 4 ? 0 : errno;
    close(s);
    return r;
  });
  ASSERT_EQ(err, 0);
  absl::StatusOr<Link> lo = nl.FindLink("lo");
  ASSERT_TRUE(lo.ok()) << lo.status();
  EXPECT_GE(lo->stats.tx_packets, 1u);
  EXPECT_GE(lo->stats.tx_bytes, 32u);  // headers included
  EXPECT_GE(lo->stats.rx_packets, 1u);
}

}  // namespace
}  // namespace nsinit::network

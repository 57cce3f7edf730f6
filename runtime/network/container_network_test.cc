#include "runtime/network/container_network.h"

#include <fcntl.h>
#include <linux/if.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <thread>

#include "gtest/gtest.h"
#include "runtime/network/record.h"
#include "runtime/network/test_netns.h"

namespace nsinit::network {
namespace {

// The "host" is a namespace of the test's (the runtime side runs on a
// thread in it); the "container" is a thread that unshared its own
// network namespace and waits, standing in for the init (its tid opens
// /proc/TID/ns/net like a pid).
class ContainerNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (CAP_NET_ADMIN, unshare CLONE_NEWNET)";
    absl::StatusOr<UniqueFd> host = NewTestNetns();
    ASSERT_TRUE(host.ok()) << host.status();
    host_ns_ = std::move(*host);
    ASSERT_EQ(pipe2(gate_, O_CLOEXEC), 0);
    int ready[2];
    ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
    container_ = std::thread([this, ready] {
      pid_t tid = unshare(CLONE_NEWNET) == 0 ? static_cast<pid_t>(syscall(SYS_gettid)) : -1;
      (void)!write(ready[1], &tid, sizeof(tid));
      char c;
      (void)!read(gate_[0], &c, 1);
    });
    ASSERT_EQ(read(ready[0], &container_tid_, sizeof(container_tid_)),
              static_cast<ssize_t>(sizeof(container_tid_)));
    close(ready[0]);
    close(ready[1]);
    ASSERT_GT(container_tid_, 0);
    char tmpl[] = "/tmp/nsinit-net-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    state_dir_ = tmpl;
    absl::StatusOr<Netlink> nl = Netlink::OpenInNetns(host_ns_.get());
    ASSERT_TRUE(nl.ok()) << nl.status();
    host_.emplace(std::move(*nl));
  }

  void TearDown() override {
    if (container_.joinable()) {
      close(gate_[1]);
      container_.join();
      close(gate_[0]);
    }
    if (!state_dir_.empty()) {
      unlink(RecordPath(state_dir_).c_str());
      rmdir(state_dir_.c_str());
    }
  }

  // The runtime side, run in the test's host namespace.
  absl::Status InHost(const std::function<absl::Status()>& fn) {
    absl::Status s;
    int err = RunInNetns(host_ns_.get(), [&] {
      s = fn();
      return 0;
    });
    EXPECT_EQ(err, 0);
    return s;
  }

  Netlink Inside() {
    absl::StatusOr<UniqueFd> ns = OpenNetnsOf(container_tid_);
    EXPECT_TRUE(ns.ok()) << ns.status();
    absl::StatusOr<Netlink> nl = Netlink::OpenInNetns(ns->get());
    EXPECT_TRUE(nl.ok()) << nl.status();
    return std::move(*nl);
  }

  void AddHostDevice(const std::string& name, const std::string& cidr) {
    ASSERT_TRUE(host_->CreateVeth(name, name + "p", 0, -1).ok());
    ASSERT_TRUE(host_->AddAddress(name, *ParseCidr(cidr, "test")).ok());
    ASSERT_TRUE(host_->SetUp(name).ok());
  }

  bool HasAddress(Netlink& nl, const std::string& name, const std::string& cidr) {
    absl::StatusOr<std::vector<Address>> addrs = nl.Addresses(name);
    if (!addrs.ok()) return false;
    for (const Address& a : *addrs) {
      if (a.ToString() == cidr) return true;
    }
    return false;
  }

  UniqueFd host_ns_;
  std::optional<Netlink> host_;
  int gate_[2] = {-1, -1};
  std::thread container_;
  pid_t container_tid_ = -1;
  std::string state_dir_;
};

TEST_F(ContainerNetworkTest, NetDeviceMovesInRenamedAndComesBack) {
  AddHostDevice("nd0", "192.0.2.60/24");
  config::Spec spec;
  spec.linux.namespaces.push_back({config::NamespaceType::kNetwork, ""});
  spec.linux.net_devices["nd0"].name = "ctr0";
  absl::Status made =
      InHost([&] { return SetUpNetworkForChild(spec, container_tid_, state_dir_); });
  ASSERT_TRUE(made.ok()) << made;

  Netlink inside = Inside();
  absl::StatusOr<Link> moved = inside.FindLink("ctr0");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_NE(moved->flags & IFF_UP, 0u) << "it was up on the host";
  EXPECT_TRUE(HasAddress(inside, "ctr0", "192.0.2.60/24"));
  EXPECT_FALSE(host_->FindLink("nd0").ok());

  absl::Status undone = InHost([&] { return TearDownNetworkForChild(state_dir_, container_tid_); });
  ASSERT_TRUE(undone.ok()) << undone;
  EXPECT_FALSE(inside.FindLink("ctr0").ok());
  ASSERT_TRUE(host_->FindLink("nd0").ok());
  EXPECT_TRUE(HasAddress(*host_, "nd0", "192.0.2.60/24"));
}

TEST_F(ContainerNetworkTest, FailureHalfwayGivesBackWhatMoved) {
  AddHostDevice("nd1", "192.0.2.61/24");
  config::Spec spec;
  spec.linux.namespaces.push_back({config::NamespaceType::kNetwork, ""});
  spec.linux.net_devices["nd1"] = {};
  spec.linux.net_devices["nd9missing"] = {};  // after nd1 in map order
  absl::Status made =
      InHost([&] { return SetUpNetworkForChild(spec, container_tid_, state_dir_); });
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.message().find("linux.netDevices[\"nd9missing\"]"), absl::string_view::npos)
      << made;
  EXPECT_TRUE(host_->FindLink("nd1").ok()) << "the device that had moved is back";
  EXPECT_TRUE(HasAddress(*host_, "nd1", "192.0.2.61/24"));
  EXPECT_FALSE(Inside().FindLink("nd1").ok());
}

TEST_F(ContainerNetworkTest, V1VethFailureLeavesNoInterface) {
  config::Spec spec;
  config::V1Extras v1;
  config::V1Network veth;
  veth.type = "veth";
  veth.veth_prefix = "nsu";
  veth.bridge = "nosuchbr0";
  veth.address = "192.0.2.101/24";
  v1.networks.push_back(veth);
  spec.v1 = v1;
  absl::Status made =
      InHost([&] { return SetUpNetworkForChild(spec, container_tid_, state_dir_); });
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.message().find("networks[0]: attaching nsu"), absl::string_view::npos) << made;
  absl::StatusOr<std::vector<Link>> links = host_->Links();
  ASSERT_TRUE(links.ok());
  for (const Link& l : *links) EXPECT_NE(l.name.rfind("nsu", 0), 0u) << l.name << " left behind";
  EXPECT_FALSE(Inside().FindLink("eth0").ok());
}

TEST_F(ContainerNetworkTest, RefusesTheRuntimesOwnNamespace) {
  config::Spec spec;
  config::V1Extras v1;
  config::V1Network veth;
  veth.type = "veth";
  veth.veth_prefix = "nsu";
  v1.networks.push_back(veth);
  spec.v1 = v1;
  // The "init" is the runtime's own thread: same network namespace.
  absl::Status made = InHost([&] {
    return SetUpNetworkForChild(spec, static_cast<pid_t>(syscall(SYS_gettid)), state_dir_);
  });
  EXPECT_EQ(made.code(), absl::StatusCode::kInvalidArgument) << made;
  EXPECT_NE(made.message().find("no network namespace of its own"), absl::string_view::npos)
      << made;
  absl::StatusOr<std::vector<Link>> links = host_->Links();
  ASSERT_TRUE(links.ok());
  EXPECT_EQ(links->size(), 1u) << "only lo";
}

TEST_F(ContainerNetworkTest, V1VethAndStats) {
  ASSERT_TRUE(host_->CreateLink("br0", "bridge").ok());
  ASSERT_TRUE(host_->SetUp("br0").ok());
  config::Spec spec;
  config::V1Extras v1;
  config::V1Network lo;
  lo.type = "loopback";
  config::V1Network veth;
  veth.type = "veth";
  veth.veth_prefix = "nsu";
  veth.bridge = "br0";
  veth.address = "192.0.2.102/24";
  veth.mtu = 1450;
  v1.networks = {lo, veth};
  spec.v1 = v1;
  absl::Status made =
      InHost([&] { return SetUpNetworkForChild(spec, container_tid_, state_dir_); });
  ASSERT_TRUE(made.ok()) << made;
  Netlink inside = Inside();
  absl::StatusOr<Link> eth0 = inside.FindLink("eth0");
  ASSERT_TRUE(eth0.ok());
  EXPECT_EQ(eth0->mtu, 1450u);
  EXPECT_NE(inside.FindLink("lo")->flags & IFF_UP, 0u);
  absl::StatusOr<Record> record = LoadRecord(state_dir_);
  ASSERT_TRUE(record.ok());
  ASSERT_EQ(record->host_veths.size(), 1u);
  EXPECT_EQ(host_->FindLink(record->host_veths[0])->master, host_->FindLink("br0")->index);

  // Read from the container's side, whatever namespace the reader is in.
  absl::StatusOr<std::vector<InterfaceStats>> stats = ReadNetworkStats(state_dir_, container_tid_);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].name, "eth0");

  std::string host_end = record->host_veths[0];
  absl::Status undone = InHost([&] { return TearDownNetworkForChild(state_dir_, container_tid_); });
  ASSERT_TRUE(undone.ok()) << undone;
  EXPECT_EQ(host_->FindLink(host_end).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace nsinit::network

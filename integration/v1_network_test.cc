// The seed's network samples through the seed's usage (`cd rootfs &&
// nsinit exec CMD`): attach_to_bridge.json and
// route_source_address_selection.json, rewritten to 192.0.2.0/24 and to a
// bridge of the test's own. The "host" is a network namespace this test
// made, holding that bridge (192.0.2.1); nsinit runs in it, so nothing
// here touches the machine's interfaces.
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration/harness.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/network/netlink.h"
#include "runtime/network/test_netns.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kVethPrefix[] = "nsv";

// The sample with the test's cgroup name, bridge, addresses and MTU 1400
// (not the kernel's default 1500, so the test sees it was applied).
std::string RewrittenSample(const char* sample, const std::string& dir, const std::string& bridge) {
  absl::StatusOr<rapidjson::Document> doc =
      ParseJson(ReadFile(Runfile(absl::StrCat("sample_configs/v1/", sample))));
  if (!doc.ok()) return "";
  auto& a = doc->GetAllocator();
  std::string cgroup = "nsinit-test-" + dir.substr(dir.rfind('/') + 1);
  (*doc)["cgroups"]["name"].SetString(cgroup.c_str(), a);
  for (auto& n : (*doc)["networks"].GetArray()) {
    if (std::string(n["type"].GetString()) != "veth") continue;
    n["address"].SetString("192.0.2.101/24", a);
    n["bridge"].SetString(bridge.c_str(), a);
    n["veth_prefix"].SetString(kVethPrefix, a);
    n["mtu"].SetInt(1400);
    if (n.HasMember("gateway")) n["gateway"].SetString("192.0.2.1", a);
  }
  if (doc->HasMember("routes")) {
    for (auto& r : (*doc)["routes"].GetArray()) {
      r["source"].SetString("192.0.2.101", a);
      r["gateway"].SetString("192.0.2.1", a);
    }
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc->Accept(w);
  return buf.GetString();
}

class V1NetworkTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    SKIP_UNLESS(testing::NeedRoot());
    absl::StatusOr<UniqueFd> ns = network::NewTestNetns();
    ASSERT_TRUE(ns.ok()) << ns.status();
    host_ns_ = std::move(*ns);
    absl::StatusOr<network::Netlink> nl = network::Netlink::OpenInNetns(host_ns_.get());
    ASSERT_TRUE(nl.ok()) << nl.status();
    host_.emplace(std::move(*nl));
    ASSERT_TRUE(host_->CreateLink("br0", "bridge").ok());
    absl::StatusOr<network::Address> gw = network::ParseCidr("192.0.2.1/24", "test");
    ASSERT_TRUE(gw.ok());
    ASSERT_TRUE(host_->AddAddress("br0", *gw).ok());
    ASSERT_TRUE(host_->SetUp("br0").ok());
    ASSERT_TRUE(host_->SetUp("lo").ok());

    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("v1net");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(*std::move(dir));
    rootfs_ = dir_->Sub("rootfs");
    root_ = dir_->Sub("run");
  }

  void WriteRootfs(const std::string& bridge) {
    testing::RootfsBuilder b = ProbeRootfs();
    b.AddFile("/container.json", RewrittenSample(GetParam(), dir_->path(), bridge));
    ASSERT_TRUE(b.Build(rootfs_).ok());
  }

  // `nsinit exec sh -c SCRIPT` in the rootfs, nsinit itself in the test's
  // "host" namespace (a fork inherits the namespaces of the forking thread).
  int RunInHostNs(const std::string& script, std::string* output) {
    CaptureFile out;
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t pid = -1;
    std::thread([&] {
      if (setns(host_ns_.get(), CLONE_NEWNET) != 0) return;
      pid = StartRuntime(Runfile("tools/nsinit/nsinit"), root_, {"exec", "/bin/sh", "-c", script},
                         null, out.fd(), out.fd(), rootfs_);
    }).join();
    close(null);
    if (pid <= 0) return -1;
    int code = WaitExitCode(pid);
    *output = out.Read();
    return code;
  }

  // Interfaces of the test's host namespace made by nsinit.
  std::vector<std::string> LeftoverVeths() {
    std::vector<std::string> out;
    absl::StatusOr<std::vector<network::Link>> links = host_->Links();
    EXPECT_TRUE(links.ok()) << links.status();
    if (!links.ok()) return out;
    for (const network::Link& l : *links) {
      if (absl::StartsWith(l.name, kVethPrefix)) out.push_back(l.name);
    }
    return out;
  }

  UniqueFd host_ns_;
  std::optional<network::Netlink> host_;
  std::optional<testing::TempDir> dir_;
  std::string rootfs_, root_;
};

TEST_P(V1NetworkTest, ContainerIsOnTheBridge) {
  WriteRootfs("br0");
  std::string out;
  int code = RunInHostNs(
      "ip -o link show lo; ip -o link show eth0; ip -o -4 addr show dev eth0; ip route; "
      "ping -c 1 -W 5 192.0.2.1 >/dev/null && echo PING-OK; ip route get 198.51.100.7",
      &out);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, ::testing::ContainsRegex("lo: <[A-Z_,]*UP")) << out;
  EXPECT_THAT(out, HasSubstr("eth0@")) << out;  // a veth end
  EXPECT_THAT(out, ::testing::ContainsRegex("eth0@[^ ]*: <[A-Z_,-]*UP[A-Z_,-]*> mtu 1400")) << out;
  EXPECT_THAT(out, HasSubstr("inet 192.0.2.101/24")) << out;
  EXPECT_THAT(out, HasSubstr("default via 192.0.2.1 dev eth0")) << out;
  EXPECT_THAT(out, HasSubstr("PING-OK")) << out;
  // The route to anywhere off-link goes via the gateway from eth0's address.
  EXPECT_THAT(out, ::testing::ContainsRegex("198.51.100.7 via 192.0.2.1 dev eth0 +src 192.0.2.101"))
      << out;
  if (std::string(GetParam()) == "route_source_address_selection.json") {
    // The route's own source: RTA_PREFSRC on the default route.
    EXPECT_THAT(out,
                ::testing::ContainsRegex("default via 192.0.2.1 dev eth0 [^\n]*src 192.0.2.101"))
        << out;
  }
  EXPECT_THAT(LeftoverVeths(), ::testing::IsEmpty()) << "the host end outlived the container";
}

TEST_P(V1NetworkTest, FailedSetupLeavesNoInterface) {
  WriteRootfs("nosuchbr0");
  std::string out;
  EXPECT_NE(RunInHostNs("true", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("networks[1]")) << out;
  EXPECT_THAT(out, HasSubstr("bridge nosuchbr0")) << out;
  EXPECT_THAT(LeftoverVeths(), ::testing::IsEmpty()) << "a failed setup left its veth";
}

// Waits (up to `deadline_ms`, on netlink link notifications, never a
// sleep) until no interface whose name starts with kVethPrefix is left.
bool WaitForNoVeths(int notify_fd, const std::function<std::vector<std::string>()>& left,
                    int deadline_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  while (!left().empty()) {
    int remaining = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         end - std::chrono::steady_clock::now())
                                         .count());
    if (remaining <= 0) return false;
    struct pollfd p = {notify_fd, POLLIN, 0};
    if (poll(&p, 1, remaining) <= 0) continue;
    char buf[16384];
    (void)!recv(notify_fd, buf, sizeof(buf), MSG_DONTWAIT);
  }
  return true;
}

TEST_P(V1NetworkTest, KilledRuntimeLeavesNoInterface) {
  WriteRootfs("br0");
  // Link notifications of the test's host namespace, subscribed before the
  // kill so the deletion cannot be missed.
  int notify = -1;
  ASSERT_EQ(network::RunInNetns(
                host_ns_.get(),
                [&] {
                  notify = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
                  if (notify < 0) return errno;
                  struct sockaddr_nl sa = {};
                  sa.nl_family = AF_NETLINK;
                  sa.nl_groups = RTMGRP_LINK;
                  return bind(notify, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) == 0 ? 0
                                                                                         : errno;
                }),
            0);
  UniqueFd notify_owner(notify);

  int inotify = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(inotify_add_watch(inotify, rootfs_.c_str(), IN_MOVED_TO | IN_CREATE), 0);
  UniqueFd inotify_owner(inotify);
  int gate[2];
  ASSERT_EQ(pipe2(gate, O_CLOEXEC), 0);
  CaptureFile out;
  pid_t pid = -1;
  std::thread([&] {
    if (setns(host_ns_.get(), CLONE_NEWNET) != 0) return;
    pid = StartRuntime(Runfile("tools/nsinit/nsinit"), root_, {"exec", "/probe", "wait-stdin"},
                       gate[0], out.fd(), out.fd(), rootfs_);
  }).join();
  close(gate[0]);
  ASSERT_GT(pid, 0);
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  ASSERT_GE(pidfd, 0);
  UniqueFd pidfd_owner(pidfd);
  // state.json appears once the container runs, its network set up.
  struct stat st;
  while (stat((rootfs_ + "/state.json").c_str(), &st) != 0) {
    struct pollfd fds[2] = {{inotify, POLLIN, 0}, {pidfd, POLLIN, 0}};
    ASSERT_GT(poll(fds, 2, -1), 0);
    ASSERT_FALSE(fds[1].revents & POLLIN) << "nsinit exited early: " << out.Read();
    char buf[4096];
    ASSERT_GT(read(inotify, buf, sizeof(buf)), 0);
  }
  ASSERT_EQ(LeftoverVeths().size(), 1u) << "the running container has one host end";
  // The runtime dies without undoing anything: its init dies with it
  // (parent-death SIGKILL), and the pair, one end in the init's
  // namespace, dies with that namespace.
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  WaitExitCode(pid);
  close(gate[1]);
  EXPECT_TRUE(WaitForNoVeths(
      notify, [this] { return LeftoverVeths(); }, 20000))
      << "the host end outlived a killed runtime";
  // The killed runtime's state and cgroup: removed as an operator would.
  absl::StatusOr<rapidjson::Document> state = ParseJson(ReadFile(rootfs_ + "/state.json"));
  ASSERT_TRUE(state.ok()) << state.status();
  std::string id = (*state)["id"].GetString();
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t del = -1;
  std::thread([&] {
    if (setns(host_ns_.get(), CLONE_NEWNET) != 0) return;
    del = StartRuntime(Runfile("tools/nsinit/nsinit"), root_, {"delete", "--force", id}, null,
                       out.fd(), out.fd());
  }).join();
  close(null);
  ASSERT_GT(del, 0);
  EXPECT_EQ(WaitExitCode(del), 0) << out.Read();
  unlink((rootfs_ + "/state.json").c_str());
}

INSTANTIATE_TEST_SUITE_P(Samples, V1NetworkTest,
                         ::testing::Values("attach_to_bridge.json",
                                           "route_source_address_selection.json"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace nsinit::integration

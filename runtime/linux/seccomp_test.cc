// CompileSeccomp's refusals: profiles the runtime could not carry out.
#include "runtime/linux/seccomp.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nsinit::sys {
namespace {

using ::testing::HasSubstr;

config::Seccomp NotifyOn(std::vector<std::string> names) {
  config::Seccomp s;
  s.default_action = "SCMP_ACT_ALLOW";
  s.listener_path = "/run/listener.sock";
  s.syscalls.push_back({.names = std::move(names), .action = "SCMP_ACT_NOTIFY"});
  return s;
}

TEST(CompileSeccompTest, NotifyOnOrdinarySyscallsCompilesWithAListener) {
  absl::StatusOr<SeccompProgram> p = CompileSeccomp(NotifyOn({"mkdir", "mkdirat"}));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->notify);
  EXPECT_FALSE(p->bpf.empty());
}

// The init loads the filter, then sends the listener with sendmsg and
// closes the connection; on failure it writes a record and exits. A
// notified one of those would wait for a listener nobody has (SEC-027).
TEST(CompileSeccompTest, NotifyOnTheHandoverSyscallsIsRefusedNamingTheField) {
  for (const char* name : {"write", "sendmsg", "close", "exit_group"}) {
    absl::StatusOr<SeccompProgram> p = CompileSeccomp(NotifyOn({"mkdir", name}));
    ASSERT_FALSE(p.ok()) << name;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr("linux.seccomp.syscalls[0].names[1]"));
    EXPECT_THAT(p.status().message(), HasSubstr(name));
  }
}

TEST(CompileSeccompTest, NotifyAsTheDefaultActionIsRefused) {
  config::Seccomp s = NotifyOn({"mkdir"});
  s.default_action = "SCMP_ACT_NOTIFY";
  s.syscalls[0].action = "SCMP_ACT_ALLOW";
  absl::StatusOr<SeccompProgram> p = CompileSeccomp(s);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("linux.seccomp.defaultAction"));
}

// Another action on those syscalls is the profile's business.
TEST(CompileSeccompTest, OtherActionsOnTheHandoverSyscallsAreAccepted) {
  config::Seccomp s = NotifyOn({"mkdir"});
  s.syscalls.push_back({.names = {"write"}, .action = "SCMP_ACT_LOG"});
  absl::StatusOr<SeccompProgram> p = CompileSeccomp(s);
  EXPECT_TRUE(p.ok()) << p.status();
}

}  // namespace
}  // namespace nsinit::sys

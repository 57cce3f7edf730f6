#include "tools/nsinit/ps_table.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace nsinit::cli {
namespace {

TEST(PsTableTest, KeepsTheHeaderAndTheRowsOfThePids) {
  absl::StatusOr<std::string> out = FilterPsOutput(
      "UID   PID  PPID CMD\nroot    1     0 init\nroot   42     1 sh\nroot  420    42 sleep\n",
      {42});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "UID   PID  PPID CMD\nroot   42     1 sh\n");
}

TEST(PsTableTest, OptionsWithoutAPidColumnAreAnError) {
  absl::StatusOr<std::string> out = FilterPsOutput("CMD\ninit\n", {1});
  EXPECT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("PID column"), std::string::npos);
}

// The host's ps, as runc runs it: this process's own row is found.
TEST(PsTableTest, RunsTheHostsPs) {
  if (access("/bin/ps", X_OK) != 0) GTEST_SKIP() << "needs /bin/ps (procps)";
  absl::StatusOr<std::string> out = PsTable({getpid()}, {"-o", "pid,comm"});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_NE(out->find(absl::StrCat(getpid())), std::string::npos) << *out;
  EXPECT_NE(out->find("PID"), std::string::npos) << *out;
}

}  // namespace
}  // namespace nsinit::cli

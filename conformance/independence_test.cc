// Issue 18: the judge shares no code with the judged. Each argument is the
// output of one genquery of BUILD.bazel's independence section (a //runtime
// label per line); any label there is a dependency the suite must not have.
#include <string>

#include "conformance/file_util.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(IndependenceTest, TheSuiteReachesNoRuntimeCodeItJudges) {
  const std::vector<std::string> args = ::testing::internal::GetArgvs();
  ASSERT_GT(args.size(), 1u) << "pass the genquery outputs as arguments";
  for (size_t i = 1; i < args.size(); ++i) {
    absl::StatusOr<std::string> labels = ReadFileToString(args[i]);
    ASSERT_TRUE(labels.ok()) << labels.status();
    EXPECT_EQ(*labels, "") << args[i] << ": the suite depends on runtime code it judges; use "
                           << "the suite's own code (conformance/status.h, unique_fd.h, "
                              "probe/mountinfo.h, ...):\n"
                           << *labels;
  }
}

}  // namespace
}  // namespace nsinit::conformance

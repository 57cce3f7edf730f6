// Issue 18: the judge shares no code with the judged. Each argument is the
// output of one genquery of BUILD.bazel's independence section (a label per
// line); any label there breaks the rule stated above those queries: only
// :library_adapter links //runtime, and the probe reaches none of it.
#include <string>
#include <vector>

#include "conformance/file_util.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

TEST(IndependenceTest, OnlyTheLibraryAdapterReachesTheRuntime) {
  const std::vector<std::string> args = ::testing::internal::GetArgvs();
  ASSERT_EQ(args.size(), 4u) << "pass the three genquery outputs as arguments";
  for (size_t i = 1; i < args.size(); ++i) {
    absl::StatusOr<std::string> labels = ReadFileToString(args[i]);
    ASSERT_TRUE(labels.ok()) << labels.status();
    EXPECT_EQ(*labels, "")
        << args[i] << ": these targets of the judge reach runtime code it judges (see the rule "
        << "in conformance/BUILD.bazel; `bazel query 'somepath(LABEL, //runtime/...)'` shows "
        << "how). Use the suite's own helpers (conformance/status.h, unique_fd.h, "
        << "probe/mountinfo.h, ...) or keep the dependency inside :library_adapter:\n"
        << *labels;
  }
}

}  // namespace
}  // namespace nsinit::conformance

#include "tools/testing/requirements.h"

#include <unistd.h>

#include "gtest/gtest.h"
#include "tools/testing/gtest_skip.h"

namespace nsinit::testing {
namespace {

TEST(RequirementsTest, NeedRootMatchesEuid) {
  EXPECT_EQ(NeedRoot().ok(), geteuid() == 0);
  if (geteuid() != 0) {
    EXPECT_NE(NeedRoot().message().find("root"), absl::string_view::npos);
  }
}

TEST(RequirementsTest, NeedBinaryNamesThePath) {
  EXPECT_TRUE(NeedBinary("/bin/sh").ok());
  absl::Status s = NeedBinary("/no/such/binary");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/no/such/binary"), absl::string_view::npos);
  EXPECT_NE(s.message().find("ENOENT"), absl::string_view::npos);
}

TEST(RequirementsTest, ChecksReturnAReasonWhenNotMet) {
  for (const absl::Status& s : {NeedUserNamespaces(), NeedCgroupV2Mount()}) {
    if (!s.ok()) {
      EXPECT_FALSE(s.message().empty());
    }
  }
}

TEST(RequirementsTest, SkipUnlessSkipsWithTheReason) {
  SKIP_UNLESS(absl::FailedPreconditionError("this test always skips"));
  ADD_FAILURE() << "SKIP_UNLESS did not skip";
}

TEST(RequirementsTest, SkipUnlessContinuesWhenOk) {
  bool reached = false;
  [&] {
    SKIP_UNLESS(absl::OkStatus());
    reached = true;
  }();
  EXPECT_TRUE(reached);
}

}  // namespace
}  // namespace nsinit::testing

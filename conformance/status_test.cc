#include "conformance/status.h"

#include <errno.h>

#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

absl::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return absl::InvalidArgumentError("odd");
  return x / 2;
}

absl::StatusOr<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

absl::Status Check(int x) {
  RETURN_IF_ERROR(Quarter(x).status());
  return absl::OkStatus();
}

TEST(StatusTest, MacrosReturnTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
  EXPECT_TRUE(Check(4).ok());
  EXPECT_FALSE(Check(3).ok());
}

TEST(StatusTest, ErrnoStatusNamesTheCallAndTheErrno) {
  absl::Status s = ErrnoStatus(ENOENT, "open /x");
  EXPECT_TRUE(absl::IsNotFound(s));
  EXPECT_EQ(s.message(), "open /x: ENOENT (No such file or directory)");
  EXPECT_EQ(Annotate(s, "step 1").message(), "step 1: open /x: ENOENT (No such file or directory)");
  EXPECT_TRUE(Annotate(absl::OkStatus(), "x").ok());
}

}  // namespace
}  // namespace nsinit::conformance

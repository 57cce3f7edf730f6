#include <errno.h>

#include "gtest/gtest.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"

namespace nsinit {
namespace {

TEST(ErrnoStatusTest, NamesTheCallAndTheErrno) {
  absl::Status s = ErrnoStatus(EPERM, "mount proc on /r/proc");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "mount proc on /r/proc: EPERM: Operation not permitted");
}

TEST(ErrnoStatusTest, UnknownErrnoStillSaysTheNumber) {
  absl::Status s = ErrnoStatus(4000, "x");
  EXPECT_NE(s.message().find("4000"), absl::string_view::npos) << s;
}

absl::StatusOr<int> Half(int x) {
  if (x % 2) return absl::InvalidArgumentError("odd");
  return x / 2;
}

absl::Status Quarter(int x, int* out) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(*out, Half(h));
  RETURN_IF_ERROR(absl::OkStatus());
  return absl::OkStatus();
}

TEST(StatusMacrosTest, PropagateFirstError) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_EQ(Quarter(6, &out).message(), "odd");
}

TEST(StatusMacrosTest, AnnotatePrefixesContext) {
  EXPECT_EQ(Annotate(absl::NotFoundError("gone"), "mount 3").message(), "mount 3: gone");
  EXPECT_TRUE(Annotate(absl::OkStatus(), "x").ok());
}

}  // namespace
}  // namespace nsinit

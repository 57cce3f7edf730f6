// SKIP_UNLESS: turns a requirement status (requirements.h) into a
// GoogleTest skip carrying its reason.
//
//   TEST(MountTest, Tmpfs) {
//     SKIP_UNLESS(nsinit::testing::NeedRoot());
//     ...
//   }
#ifndef NSINIT_TOOLS_TESTING_GTEST_SKIP_H_
#define NSINIT_TOOLS_TESTING_GTEST_SKIP_H_

#include "absl/status/status.h"
#include "gtest/gtest.h"

// Skips the current test (GTEST_SKIP) with the status message when
// `status_expr` is not OK. Use in the test body or SetUp.
#define SKIP_UNLESS(status_expr)                                                 \
  do {                                                                           \
    if (const ::absl::Status _nsinit_need = (status_expr); !_nsinit_need.ok()) { \
      GTEST_SKIP() << _nsinit_need.message();                                    \
    }                                                                            \
  } while (0)

#endif  // NSINIT_TOOLS_TESTING_GTEST_SKIP_H_

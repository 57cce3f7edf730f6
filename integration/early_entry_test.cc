// A statically linked program's re-executed init and exec helper run the
// child side before any static constructor of the program
// (runtime/process/entry.h, the early entry from .preinit_array): the
// iostream and locale set-up absl/status/status.h asks for, and any global
// of the program, cost a re-exec nothing.
//
// This binary carries a static constructor that ends any process started
// as "<argv0> init <fd>" or "<argv0> execin <fd>" at once, with code 97.
// Were the child side reached only from main(), the constructor would end
// every init before it read its plan, and create and exec would fail.
#include <string.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/process/entry.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

// The early entry exists only in a statically linked program; the
// sanitizer builds link dynamically.
absl::Status NeedEarlyEntry() {
  if (HasEarlyEntry()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "this test binary is linked dynamically (a sanitizer build): it has no early entry");
}

// glibc passes main's arguments to ELF constructors too.
[[gnu::constructor]] void EndAnyChild(int argc, char** argv, char** /*envp*/) {
  if (argc == 3 && (strcmp(argv[1], "init") == 0 || strcmp(argv[1], "execin") == 0)) _exit(97);
}

TEST(EarlyEntryTest, TheInitRunsBeforeStaticConstructors) {
  SKIP_UNLESS(testing::NeedRoot());
  SKIP_UNLESS(NeedEarlyEntry());
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "exit", "7"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<Output> out = h->Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, 7) << out->err;
}

TEST(EarlyEntryTest, AnExecdProcessRunsBeforeStaticConstructors) {
  SKIP_UNLESS(testing::NeedRoot());
  SKIP_UNLESS(NeedEarlyEntry());
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<int> code = h->ExecExitCode({"/probe", "exit", "5"}, "early");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 5);
}

}  // namespace
}  // namespace nsinit::integration

// Runs README.md's library example (extracted and built by BUILD.bazel) on
// a busybox bundle whose process exits 7: the example must build as
// written and run a container to completion, returning its status.
#include <stdlib.h>
#include <sys/wait.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tools/testing/bundle.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"
#include "tools/testing/temp_dir.h"

namespace nsinit {
namespace {

TEST(LibraryExampleTest, RunsAContainerAndReturnsItsStatus) {
  SKIP_UNLESS(testing::NeedRoot());
  // Below /tmp, not Bazel's TEST_TMPDIR (mode 0700 under /root).
  setenv("TEST_TMPDIR", "/tmp", 1);
  absl::StatusOr<testing::Bundle> bundle = testing::Bundle::Create(
      testing::RootfsBuilder(), R"({"process": {"args": ["/bin/sh", "-c", "exit 7"]}})");
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  absl::StatusOr<testing::TempDir> root = testing::TempDir::Create("readme-root");
  ASSERT_TRUE(root.ok()) << root.status();
  const char* srcdir = getenv("TEST_SRCDIR");
  ASSERT_NE(srcdir, nullptr);
  std::string example = absl::StrCat(srcdir, "/nsinit/tools/readme/library_example");
  std::string cmd = absl::StrCat(example, " ", bundle->path(), " ", root->path());
  int status = system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << cmd;
  EXPECT_EQ(WEXITSTATUS(status), 7) << cmd;
}

}  // namespace
}  // namespace nsinit

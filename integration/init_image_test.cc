// A program that links //runtime/process:init_image re-executes the
// embedded image, not itself, as its containers' inits and exec'd
// processes, and that image is linked against //runtime/nolibc, not glibc
// (runtime/process/init_image.h).
//
// Like early_entry_test, this binary ends any process started as
// "<argv0> init|execin <fd>" from a constructor (code 97): were the program
// itself re-executed, create and exec would fail.
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "integration/harness.h"
#include "runtime/base/file_io.h"
#include "tools/testing/gtest_skip.h"
#include "tools/testing/requirements.h"

namespace nsinit::integration {
namespace {

[[gnu::constructor]] void EndAnyChild(int argc, char** argv, char** /*envp*/) {
  if (argc == 3 && (strcmp(argv[1], "init") == 0 || strcmp(argv[1], "execin") == 0)) _exit(97);
}

TEST(InitImageTest, TheCreatedInitIsTheSealedImageWithoutGlibc) {
  SKIP_UNLESS(testing::NeedRoot());
  absl::StatusOr<Harness> h = Harness::Create(R"({"process": {"args": ["/probe", "exit", "3"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<config::Spec> spec = h->Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<Container> c = Container::Create(*spec, h->Options("image"));
  ASSERT_TRUE(c.ok()) << c.status();
  // Created, not started: the init waits in the image for start.
  std::string proc = "/proc/" + std::to_string(c->init_pid()) + "/exe";
  char target[256] = {};
  ASSERT_GT(readlink(proc.c_str(), target, sizeof(target) - 1), 0) << strerror(errno);
  EXPECT_STREQ(target, "/memfd:nsinit-init (deleted)");
  absl::StatusOr<std::string> image = ::nsinit::ReadFile(proc, 16 << 20);
  ASSERT_TRUE(image.ok()) << image.status();
  EXPECT_EQ(image->compare(0, 4,
                           "\x7f"
                           "ELF"),
            0);
  // glibc's symbol versions ("GLIBC_2.2.5") are in every image it is in.
  EXPECT_EQ(image->find("GLIBC"), std::string::npos) << "the init image links glibc";
  EXPECT_LT(image->size(), 512u << 10) << "the init image is " << image->size() << " bytes";
  ASSERT_TRUE(c->Start().ok());
  absl::StatusOr<int> code = c->Wait();
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 3);
  ASSERT_TRUE(c->Destroy(/*force=*/true).ok());
}

TEST(InitImageTest, AnExecdProcessRunsThroughTheImage) {
  SKIP_UNLESS(testing::NeedRoot());
  absl::StatusOr<Harness> h =
      Harness::Create(R"({"process": {"args": ["/probe", "sleep-until-signal"]}})");
  ASSERT_TRUE(h.ok()) << h.status();
  absl::StatusOr<int> code = h->ExecExitCode({"/probe", "exit", "5"}, "image-exec");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 5);
}

}  // namespace
}  // namespace nsinit::integration

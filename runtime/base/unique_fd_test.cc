#include "runtime/base/unique_fd.h"

#include <fcntl.h>

#include "gtest/gtest.h"

namespace nsinit {
namespace {

bool IsOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFdTest, ClosesOnDestructionAndMove) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    UniqueFd a(raw);
    UniqueFd b = std::move(a);
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), raw);
    EXPECT_TRUE(IsOpen(raw));
  }
  EXPECT_FALSE(IsOpen(raw));
}

TEST(UniqueFdTest, ReleaseKeepsTheFdOpen) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  {
    UniqueFd a(raw);
    EXPECT_EQ(a.release(), raw);
  }
  EXPECT_TRUE(IsOpen(raw));
  close(raw);
}

}  // namespace
}  // namespace nsinit

// The integration test binary's main: it is also the containers' init.
#include "gtest/gtest.h"
#include "runtime/process/entry.h"

int main(int argc, char** argv) {
  // Re-exec'd as a container's init or exec helper: never returns then.
  nsinit::RunIfChild(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

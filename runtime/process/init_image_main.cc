// The small image a program linking //runtime/process:init_image
// re-executes as its containers' inits and exec'd processes
// (init_image.h): RunIfChild alone, statically linked.
#include "runtime/process/entry.h"

int main(int argc, char** argv) {
  nsinit::RunIfChild(argc, argv);
  return 127;  // not started by the runtime as an init
}

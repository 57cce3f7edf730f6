// The small image a program linking //runtime/process:init_image
// re-executes as its containers' inits and exec'd processes
// (init_image.h): RunIfChild alone, linked against //runtime/nolibc
// instead of glibc, so its start costs the kernel's exec and little more.
#include "runtime/nolibc/nolibc.h"
#include "runtime/process/entry.h"

extern "C" int NolibcMain(int argc, char** argv, char** /*envp*/) {
  nsinit::RunIfChild(argc, argv);
  return 127;  // not started by the runtime as an init
}

// The entry point every program linking the runtime calls first in main().
//
// The runtime starts a container's init (and every process exec'd into a
// running container) by re-executing its own binary, from a sealed memfd
// copy (self_exe.h), with argv
//     <argv0> init   <sync-fd>      the init of a new container
//     <argv0> execin <sync-fd>      a process joining a running container
// RunIfChild recognises that argv, runs the child side (it never returns
// then) and otherwise returns so the program goes on. This is how the seed's
// libcontainer test binary worked, and why a multi-threaded program (a test
// binary) can create containers: the child is a fresh single-threaded image.
#ifndef NSINIT_RUNTIME_PROCESS_ENTRY_H_
#define NSINIT_RUNTIME_PROCESS_ENTRY_H_

namespace nsinit {

// Returns only when argv is not a child invocation.
void RunIfChild(int argc, char** argv);

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_PROCESS_ENTRY_H_

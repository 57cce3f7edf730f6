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
//
// In a statically linked program (the nsinit CLI, the init image of
// init_image.h, the static tests) RunIfChild runs earlier still, by itself:
// from .preinit_array, before any static constructor of the program or of
// the libraries it links. A re-executed init then skips what those
// constructors do: libstdc++'s iostream and locale set-up, which every
// translation unit including absl/status/status.h (it includes <iostream>)
// asks for, is 0.3 ms per exec on the benchmark host (bench/README.md), and
// the CLI's verb tables. So the child's code must not depend on a global
// with a dynamic initializer; it has none (its globals are constant
// initialized, and its lookups are constexpr tables or function-local
// statics). A dynamically linked program gets no early entry (its shared
// libraries are not initialised by then), so calling RunIfChild first in
// main() stays the contract.
#ifndef NSINIT_RUNTIME_PROCESS_ENTRY_H_
#define NSINIT_RUNTIME_PROCESS_ENTRY_H_

namespace nsinit {

// Returns only when argv is not a child invocation.
void RunIfChild(int argc, char** argv);

// Whether this program also runs RunIfChild from .preinit_array (above):
// it is linked statically, and is not a sanitizer build.
bool HasEarlyEntry();

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_PROCESS_ENTRY_H_

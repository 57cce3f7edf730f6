// A small, separate image to re-execute as a container's init, for
// programs that are expensive to re-execute themselves.
//
// The runtime re-executes a binary for every init and exec'd process
// (self_exe.h says why it cannot just fork and go on). The nsinit CLI is
// static and re-executes itself cheaply; a library user is often
// dynamically linked against a dozen shared objects, and re-executing it
// means loading and relocating all of them again: 3.8 ms of a 29 ms
// in-process start (bench/: phases/start/nsinit-lib, "child: re-executing
// the runtime"), against ~1 ms for the static CLI.
//
// Linking //runtime/process:init_image embeds a static image that holds
// only RunIfChild (init_image_main.cc); Spawn then execs a sealed memfd of
// it (F_SEAL_WRITE|SHRINK|GROW|SEAL: nothing can write it, CVE-2019-5736),
// made once per process. Programs that do not link it re-execute
// themselves as before, so RunIfChild first in main() stays the contract.
//
// The image is linked against //runtime/nolibc, not glibc: glibc's static
// start-up (TLS, IRELATIVE relocations, tunables, malloc, RELRO) touched
// some 25 pages before RunIfChild, and on a host where every first touch
// of a page traps to the hypervisor that was most of the re-exec's time
// (bench/README.md). So the child's code (entry.cc down) uses no abseil
// and only what nolibc provides; linking the image proves it.
//
// The CLI does not embed the image: it would copy it into a new memfd on
// every invocation (0.2 to 0.4 ms for 100 KiB here), about what the image
// saves; it re-executes itself through a read-only view (self_exe.h).
#ifndef NSINIT_RUNTIME_PROCESS_INIT_IMAGE_H_
#define NSINIT_RUNTIME_PROCESS_INIT_IMAGE_H_

#include <cstddef>

#include "absl/status/statusor.h"

namespace nsinit::process {

// Called by init_image.cc's static initializer when the image is linked in.
void RegisterInitImage(const unsigned char* data, size_t size);

// The sealed memfd of the registered image (CLOEXEC, made once, open for
// the life of the process); NotFound when no image is linked in.
absl::StatusOr<int> SealedInitImage();

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_INIT_IMAGE_H_

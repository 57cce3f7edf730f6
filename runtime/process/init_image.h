// A small, separate image to re-execute as a container's init and exec'd
// processes, instead of the program itself.
//
// The runtime re-executes a binary for every init and exec'd process
// (self_exe.h says why it cannot just fork and go on). Re-executing the
// program itself costs its whole start-up: for a dynamically linked library
// user, loading and relocating a dozen shared objects (3.8 ms of a 29 ms
// in-process start, once); for the static CLI, glibc's start-up over a
// 4 MB image.
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
// The nsinit CLI links it too: copying the 116 KiB image into a memfd on
// each invocation costs less than it saves (interleaved `nsinit run` of
// /bin/true, 200 each: 11.0 -> 10.1 ms).
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

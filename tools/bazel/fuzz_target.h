// The libFuzzer entry point every fuzz target defines (fuzz.bzl): declared
// once here, so each definition has its declaration (-Wmissing-declarations)
// and fuzz_replay_main.cc calls the same signature.
#ifndef NSINIT_TOOLS_BAZEL_FUZZ_TARGET_H_
#define NSINIT_TOOLS_BAZEL_FUZZ_TARGET_H_

#include <stddef.h>
#include <stdint.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // NSINIT_TOOLS_BAZEL_FUZZ_TARGET_H_

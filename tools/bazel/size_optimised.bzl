"""`size_optimised_binary`: a binary whose own build is optimised for size.

The nsinit CLI is exec'd twice per container start (the CLI, then the
init's re-exec of it), and the kernel charges each exec for the pages of
the static image it touches: -Os there is faster and smaller
(bench/README.md). The library's users run its code in their own
long-lived process, where -O2 is faster. This rule builds `binary` with
--//tools/bazel:size set (a Starlark transition; defs.bzl adds -Os to the
project's copts under -c opt when it is) and exposes it under its own
name, so only what the binary links is built for size.
"""

load("//tools/bazel:transitioned_binary.bzl", "transitioned_binary_rule")

def _size_impl(settings, attr):
    return {"//tools/bazel:size": True}

_size = transition(
    implementation = _size_impl,
    inputs = [],
    outputs = ["//tools/bazel:size"],
)

size_optimised_binary = transitioned_binary_rule(_size)

"""Project-wide C++ macros: warning flags, C++20, no exceptions, static links.

Every cc_* target of the project goes through these so the flags live in one
place. Kernel tests (namespaces, mounts, cgroups as root) run outside Bazel's
sandbox: `nsinit_kernel_test` tags them so.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library", "cc_test")

NSINIT_COPTS = [
    "-std=c++20",
    "-Wall",
    "-Wextra",
    "-Werror",
    # Every free function is declared in a header or has internal linkage:
    # a definition no header declares is either dead or a second copy.
    "-Wmissing-declarations",
    # No stack arrays sized at run time (the child sizes nothing by config).
    "-Wvla",
    "-Wno-missing-field-initializers",
    "-fno-exceptions",
] + select({
    # The nsinit CLI's optimised build is optimised for size
    # (size_optimised.bzl says why): -Os over -O2 made its image 16%
    # smaller, `run` 7% and `exec` 11% faster and the peak RSS of a run 12%
    # lower here. Everything else keeps -O2: the in-process library, which
    # execs no large image, ran about 4% slower with -Os (bench/README.md).
    "//tools/bazel:size_optimised": ["-Os"],
    "//conditions:default": [],
})

# Fully static: exec'ing a runtime binary (or the test binary re-exec'd as a
# container init) loads no shared objects. Not under --config=asan/fuzz:
# AddressSanitizer's runtime cannot link statically, so there the binaries
# load libc and libstdc++ (from the host: the runtime re-executes itself
# before it enters the container's mount namespace).
STATIC_LINKOPTS = select({
    "//tools/bazel:sanitizer": [],
    "//conditions:default": ["-static"],
})

# The sanitizers' compiled-in options (tools/bazel/sanitizer_options.cc).
SANITIZER_DEPS = select({
    "//tools/bazel:sanitizer": ["//tools/bazel:sanitizer_options"],
    "//conditions:default": [],
})

def nsinit_cc_library(name, copts = [], **kwargs):
    cc_library(name = name, copts = NSINIT_COPTS + copts, **kwargs)

def nsinit_cc_binary(name, copts = [], linkopts = [], deps = [], static = True, **kwargs):
    cc_binary(
        name = name,
        copts = NSINIT_COPTS + copts,
        linkopts = (STATIC_LINKOPTS if static else []) + linkopts,
        linkstatic = True,
        deps = deps + SANITIZER_DEPS,
        **kwargs
    )

def nsinit_cc_test(name, copts = [], linkopts = [], deps = [], static = True, gtest_main = True, **kwargs):
    """A unit test: sandboxed, linked with gtest_main unless it has its own main."""
    cc_test(
        name = name,
        copts = NSINIT_COPTS + copts,
        linkopts = (STATIC_LINKOPTS if static else []) + linkopts,
        linkstatic = True,
        deps = deps + (["@system//:gtest_main"] if gtest_main else ["@system//:gtest"]) +
               (["//tools/bazel:no_nss"] if static else []) + SANITIZER_DEPS,
        **kwargs
    )

def nsinit_kernel_test(name, tags = [], **kwargs):
    """A test that needs the real kernel as root: runs outside the sandbox.

    Tagged "external" too: its result depends on the host, not only on its
    inputs, so it is never taken from a cache (a disk cache under the home
    directory would otherwise replay an old pass).
    """
    nsinit_cc_test(name = name, tags = tags + ["external", "no-sandbox", "requires-root"], **kwargs)

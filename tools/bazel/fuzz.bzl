"""libFuzzer targets: `nsinit_fuzz_target` makes a fuzzer and its test.

NAME is a cc_binary defining LLVMFuzzerTestOneInput. Under --config=fuzz
(clang, ASan+UBSan, coverage) it links libFuzzer's main; otherwise it links
//tools/bazel:fuzz_replay_main and is a plain GCC binary that runs the inputs
it is given once each.

NAME_test runs it over `seeds` (files): in the default build it replays each
seed once (the regression test of every input kept in-tree); under
--config=fuzz it fuzzes from them for `seconds` (the short CI run).
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//tools/bazel:defs.bzl", "NSINIT_COPTS", "SANITIZER_DEPS", "STATIC_LINKOPTS")

def nsinit_fuzz_target(name, srcs, deps = [], seeds = [], seconds = 20, **kwargs):
    cc_binary(
        name = name,
        srcs = srcs,
        copts = NSINIT_COPTS,
        linkopts = STATIC_LINKOPTS + select({
            "//tools/bazel:fuzz": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        linkstatic = True,
        deps = deps + ["//tools/bazel:fuzz_target"] + SANITIZER_DEPS + select({
            "//tools/bazel:fuzz": [],
            "//conditions:default": ["//tools/bazel:fuzz_replay_main"],
        }),
        **kwargs
    )
    native.sh_test(
        name = name + "_test",
        srcs = ["//tools/bazel:fuzz_test.sh"],
        data = [":" + name] + seeds,
        args = ["$(location :%s)" % name] + select({
            "//tools/bazel:fuzz": ["fuzz"],
            "//conditions:default": ["replay"],
        }) + [str(seconds)] + ["$(locations %s)" % s for s in seeds],
        size = "small" if seconds < 50 else "medium",
    )

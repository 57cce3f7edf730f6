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

def _size_impl(settings, attr):
    return {"//tools/bazel:size": True}

_size = transition(
    implementation = _size_impl,
    inputs = [],
    outputs = ["//tools/bazel:size"],
)

def _size_optimised_binary_impl(ctx):
    binary = ctx.attr.binary
    if type(binary) == "list":
        binary = binary[0]
    src = binary[DefaultInfo].files_to_run.executable
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = src, is_executable = True)
    return [DefaultInfo(
        executable = out,
        files = depset([out]),
        runfiles = ctx.runfiles(files = [out]),
    )]

size_optimised_binary = rule(
    implementation = _size_optimised_binary_impl,
    executable = True,
    attrs = {
        "binary": attr.label(cfg = _size, executable = True, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

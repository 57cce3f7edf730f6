"""`unsanitized_binary`: a binary that stays static under --config=asan/fuzz.

Some programs are copied into a container's bare rootfs and run there (the
conformance probe): no shared libraries, so they must be static, which an
ASan binary cannot be. This rule builds `binary` with the sanitizer flags
and --//tools/bazel:sanitize of --config=asan/fuzz taken out (a Starlark transition) and
exposes it under its own name. Without those configs it changes nothing.
"""

def _keep(flag):
    return not flag.startswith("-fsanitize") and not flag.startswith("-fno-sanitize")

def _strip_sanitizers_impl(settings, attr):
    return {
        "//command_line_option:copt": [f for f in settings["//command_line_option:copt"] if _keep(f)],
        "//command_line_option:linkopt": [f for f in settings["//command_line_option:linkopt"] if _keep(f)],
        "//tools/bazel:sanitize": False,
    }

_OPTIONS = [
    "//command_line_option:copt",
    "//command_line_option:linkopt",
    "//tools/bazel:sanitize",
]

_strip_sanitizers = transition(
    implementation = _strip_sanitizers_impl,
    inputs = _OPTIONS,
    outputs = _OPTIONS,
)

def _unsanitized_binary_impl(ctx):
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

unsanitized_binary = rule(
    implementation = _unsanitized_binary_impl,
    executable = True,
    attrs = {
        "binary": attr.label(cfg = _strip_sanitizers, executable = True, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

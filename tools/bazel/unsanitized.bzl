"""`unsanitized_binary`: a binary that stays static under --config=asan/fuzz.

Some programs are copied into a container's bare rootfs and run there (the
conformance probe): no shared libraries, so they must be static, which an
ASan binary cannot be. This rule builds `binary` with the sanitizer flags
and --//tools/bazel:sanitize of --config=asan/fuzz taken out (a Starlark transition) and
exposes it under its own name. Without those configs it changes nothing.
"""

load("//tools/bazel:transitioned_binary.bzl", "transitioned_binary_rule")

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

unsanitized_binary = transitioned_binary_rule(_strip_sanitizers)

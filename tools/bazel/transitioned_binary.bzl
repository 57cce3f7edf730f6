"""A rule that builds a binary under a transition and exposes it by its own name.

unsanitized_binary and size_optimised_binary are this rule with their own
transitions: the binary is a symlink to `binary` built in the transitioned
configuration, executable and in its own runfiles.
"""

def _transitioned_binary_impl(ctx):
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

def transitioned_binary_rule(transition):
    """The rule: assign it to a name in the .bzl file that defines `transition`."""
    return rule(
        implementation = _transitioned_binary_impl,
        executable = True,
        attrs = {
            "binary": attr.label(cfg = transition, executable = True, mandatory = True),
            "_allowlist_function_transition": attr.label(
                default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
            ),
        },
    )

"""A boolean command-line build setting (Bazel 4 has no bool_flag built in)."""

def _bool_setting_impl(ctx):
    return []

bool_setting = rule(
    implementation = _bool_setting_impl,
    build_setting = config.bool(flag = True),
)

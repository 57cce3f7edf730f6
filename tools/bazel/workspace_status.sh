#!/bin/sh
# Bazel's --workspace_status_command (.bazelrc): what a stamped build may
# embed. `nsinit --version` prints the commit. Outside a git checkout the
# commit is "unknown"; the build never fails for it.
commit=$(git describe --always --dirty --tags 2>/dev/null || true)
echo "STABLE_NSINIT_COMMIT ${commit:-unknown}"

#!/usr/bin/env bash
# The test of a fuzz target (nsinit_fuzz_target in fuzz.bzl).
#   fuzz_test.sh BINARY MODE SECONDS SEED...
# MODE replay (default build, GCC): every seed is run once through the
# target. MODE fuzz (--config=fuzz): libFuzzer runs for SECONDS (env
# NSINIT_FUZZ_SECONDS overrides) from a scratch copy of the seeds, one
# worker; the in-tree corpus is never written.
set -euo pipefail
bin=$1 mode=$2 seconds=$3
shift 3
if [[ $mode == replay ]]; then
  exec "$bin" "$@"
fi
corpus=${TEST_TMPDIR:-$(mktemp -d)}/corpus
artifacts=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
mkdir -p "$corpus"
for seed in "$@"; do
  cp -- "$seed" "$corpus/$(echo "$seed" | md5sum | cut -c1-16)"
done
exec "$bin" -max_total_time="${NSINIT_FUZZ_SECONDS:-$seconds}" -workers=1 -jobs=1 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus"

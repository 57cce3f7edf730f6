#!/usr/bin/env bash
# Every C++ file of the tree is as clang-format (the repo's .clang-format)
# would write it. Fails naming each file that is not, with the fix:
#   clang-format -i FILE...      (or tools/format/format_test.sh --fix)
#
# Runs on the source tree itself (the test is tagged local): the workspace
# is found through this script's own path.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
root="$(cd "$here/../.." && pwd)"
cd "$root"
clang_format="$(command -v clang-format-14 || command -v clang-format || true)"
if [[ -z "$clang_format" ]]; then
  echo "format_test: clang-format is not installed (tools/setup installs clang-format-14)" >&2
  exit 1
fi
# Sources only: bazel's output trees and third-party copies are not ours.
mapfile -t files < <(find runtime tools conformance integration bench sample_configs \
  -name 'bazel-*' -prune -o \( -name '*.cc' -o -name '*.h' \) -type f -print | sort)
if [[ ${#files[@]} -lt 100 ]]; then
  echo "format_test: found only ${#files[@]} C++ files under $root: wrong root?" >&2
  exit 1
fi
if [[ "${1:-}" == "--fix" ]]; then
  "$clang_format" -i "${files[@]}"
  exit 0
fi
# One clang-format for the whole tree: one per file took over a minute on
# a slow machine (each exec loads LLVM), past the small test's timeout.
status=0
out="$("$clang_format" --dry-run --Werror "${files[@]}" 2>&1)" || status=$?
mapfile -t bad < <(printf '%s\n' "$out" |
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u)
if [[ $status -ne 0 && ${#bad[@]} -eq 0 ]]; then
  printf '%s\n' "$out" >&2
  echo "format_test: clang-format failed (exit $status)" >&2
  exit 1
fi
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "format_test: ${#bad[@]} of ${#files[@]} files are not clang-formatted:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix: tools/format/format_test.sh --fix" >&2
  exit 1
fi
echo "format_test: ${#files[@]} files clang-formatted"

#!/usr/bin/env bash
# //bench:load_test: a short //bench:load (exit 1 if anything grew).
set -euo pipefail
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIPPED: //bench:load needs root (containers on the real kernel)"
  exit 0
fi
exec "$1" --sequential=20 --concurrent=10 --library=20

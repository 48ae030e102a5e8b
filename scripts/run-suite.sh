#!/usr/bin/env bash
# The main job: the case-validity suite over the selected cases (default: all), then the case table.
# Usage: bash scripts/run-suite.sh [--cases=paper16] [more pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
cases="all"
for arg in "$@"; do
  case "$arg" in --cases=*) cases="${arg#--cases=}" ;; esac
done
status=0
.venv/bin/python -m pytest suites -n 2 -q "$@" || status=$?
.venv/bin/interpbench cases --cases "$cases"
exit $status

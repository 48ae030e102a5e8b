#!/usr/bin/env bash
# The main job: case validity and circuit discovery over the selected cases (default: all), with
# the built-in methods; the AUROC table prints at the end and the JSON report goes to reports/.
# Usage: bash scripts/run-suite.sh [--cases=paper16] [--method=eap,random] [more pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
mkdir -p reports
exec .venv/bin/python -m pytest suites -n 2 -q \
  --method=eap,eap_ig,activation_patching,random,ground_truth \
  --report-json=reports/latest.json "$@"

#!/usr/bin/env bash
# The main job: circuit discovery over the selected cases (default: all) with the built-in methods;
# the AUROC table prints at the end; the reports go to reports/latest.json and reports/latest.html.
# Usage: bash scripts/run-suite.sh [--cases=paper16] [--method=eap,random] [more pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
mkdir -p reports
exec .venv/bin/python -m pytest suites/test_discovery.py -n 2 -q \
  --method=eap,eap_ig,random,ground_truth \
  --report-json=reports/latest.json --report-html=reports/latest.html "$@"

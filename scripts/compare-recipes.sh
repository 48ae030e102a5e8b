#!/usr/bin/env bash
# The training-recipe comparison (issue 17): the paper16 cases with an accepted model in another
# store (by default the upstream-recipe store; stores/upstream-shape holds our recipe at upstream's
# widths), run with acdc, eap_ig and eap on our shipped models and on that store's models;
# non-circuit effects from both stores' manifests (every paper16 case the other store has
# attempted, rejected ones too), then the AUROC differences per case. Reports go to
# reports/recipe-ours.json and reports/recipe-<STORE's folder name>.json, so runs against several
# stores can be compared afterwards with `interpbench compare`.
# Usage: bash scripts/compare-recipes.sh [STORE (default stores/upstream-recipe)] [more pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
store="${1:-stores/upstream-recipe}"
shift || true
lists=$(.venv/bin/python - "$store" <<'PY'
import sys
from interpbench_harness.cases.registry import PAPER16
from interpbench_harness.store.shipped import store_summary
manifests = {m["case_id"]: m for m in store_summary("siit", sys.argv[1])}
print(",".join(c for c in PAPER16 if manifests.get(c, {}).get("accepted")))  # accepted there
print(",".join(c for c in PAPER16 if c in manifests))  # attempted there, rejected ones too
PY
)
cases=${lists%%$'\n'*} attempted=${lists#*$'\n'}
if [ -z "$cases" ]; then
  echo "no paper16 case has an accepted model in $store; train some with" >&2
  echo "  .venv/bin/interpbench train --recipe upstream --max-steps 6000 --cases paper16 --out $store" >&2
  exit 2
fi
echo "paper16 cases attempted in $store: $attempted; accepted there (the methods run on these): $cases"
mkdir -p reports
echo "== non-circuit resample effect, ours (shipped) =="
.venv/bin/interpbench models | awk -v cases=",$attempted," 'NR<=2 || index(cases, "," $1 ",")'
echo "== non-circuit resample effect, $store (rejected attempts included) =="
.venv/bin/interpbench models --store "$store" | awk -v cases=",$attempted," 'NR<=2 || index(cases, "," $1 ",")'
run() {
  .venv/bin/python -m pytest suites/test_discovery.py -n 2 -q --method=acdc,eap_ig,eap --cases="$cases" \
    --report-json="$1" "${@:2}"
}
run reports/recipe-ours.json "$@"
other="reports/recipe-$(basename "$store").json"
INTERPBENCH_MODEL_STORE="$store" run "$other" "$@"
.venv/bin/interpbench compare reports/recipe-ours.json "$other"

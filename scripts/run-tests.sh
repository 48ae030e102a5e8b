#!/usr/bin/env bash
# The lint and the harness's own tests (what CI runs). Extra arguments go to pytest; -m "not subprocess
# and not training" keeps the fast unit tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest tests -n 2 "$@"

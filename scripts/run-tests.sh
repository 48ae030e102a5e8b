#!/usr/bin/env bash
# The harness's own tests (what CI runs). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-venv.sh
exec .venv/bin/python -m pytest tests -n 2 "$@"

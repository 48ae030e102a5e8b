"""Whether a case's headline AUROCs are float32 artefacts: each method run in float32 and float64.

A model with saturated outputs (see logit-scale.py) gives tiny gradients and KL divergences; if
the methods' rankings there were rounding noise, running the same model in float64 would change
them. This prints, per case and method, the edge AUROC in both precisions.
Set INTERPBENCH_MODEL_STORE to look at another store than the shipped one.

Usage: .venv/bin/python scripts/precision-check.py CASES [METHODS]
       (comma-separated case ids or tags; methods default to acdc,eap,eap_ig)
"""

from __future__ import annotations

import contextlib
import io
import sys

import torch
from tabulate import tabulate

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods, resolve_options
from interpbench_harness.store.shipped import select_cases

PRECISIONS = (torch.float32, torch.float64)


def set_precision(model, dtype) -> None:
    with contextlib.redirect_stdout(io.StringIO()):  # transformer-lens prints every dtype change
        model.to(dtype)


def main(argv: list) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    methods = load_methods()
    names = (argv[1] if len(argv) == 2 else "acdc,eap,eap_ig").split(",")
    unknown = sorted(set(names) - set(methods))
    if unknown:
        print(f"unknown method(s) {unknown}; known: {sorted(methods)}", file=sys.stderr)
        return 2
    rows = []
    for spec in select_cases(argv[0].split(",")):
        case = load_benchmark_case(spec)
        for name in names:
            settings = MethodSettings(options=resolve_options(name, {}))
            aurocs = []
            for dtype in PRECISIONS:
                set_precision(case.model, dtype)
                metrics = evaluate(methods[name](case, settings), case.universe, case.ground_truth)
                aurocs.append(headline_auroc(metrics, "edge"))
            set_precision(case.model, torch.float32)
            rows.append([spec.case_id, case.model_origin, name, *(f"{a:.3f}" for a in aurocs)])
    print(tabulate(rows, headers=["case", "model", "method", "edge AUROC float32", "float64"], disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

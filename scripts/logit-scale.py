"""How saturated a model's outputs are, and how large the gradients attribution methods see.

A model can pass every acceptance criterion with logits so large that cross-entropy is 0 in
float32; the gradients EAP and EAP-IG score by are then tiny (scripts/precision-check.py tells
whether the methods' AUROCs change in float64). This prints, per case, on the benchmark's clean
inputs: the largest |logit|, the median margin between the top two classes, the mean
cross-entropy against the labels, and the largest |EAP score|.
Set INTERPBENCH_MODEL_STORE to look at another store than the shipped one.

Usage: .venv/bin/python scripts/logit-scale.py CASES   (comma-separated ids or tags, e.g. 33,3, paper16 or shipped)
"""

from __future__ import annotations

import sys

import torch
from tabulate import tabulate

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.methods.attribution import attribution_scores
from interpbench_harness.store.shipped import select_cases


def saturation_row(spec: CaseSpec) -> list:
    case = load_benchmark_case(spec)
    with torch.no_grad():
        logits = case.model(case.clean.ids)[case.clean.scored]
    largest_score = max(abs(score) for score in attribution_scores(case, steps=1).scores.values())
    if case.is_regression:
        margin = cross_entropy = "-"
    else:
        top_two = logits.topk(2, dim=-1).values
        margin = f"{(top_two[:, 0] - top_two[:, 1]).median():.1f}"
        cross_entropy = f"{torch.nn.functional.cross_entropy(logits, case.labels[case.clean.scored]):.2e}"
    return [spec.case_id, case.model_origin, f"{logits.abs().max():.1f}", margin, cross_entropy, f"{largest_score:.2e}"]


def main(argv: list) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    rows = [saturation_row(spec) for spec in select_cases(argv[0].split(","))]
    headers = ["case", "model", "max |logit|", "median margin", "mean cross-entropy", "max |EAP score|"]
    print(tabulate(rows, headers=headers, disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

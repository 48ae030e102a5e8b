"""Comparing AUROCs: two runs method by method, or two methods of one run, paired by case.

Per case the difference B - A; per pair of samples the paired two-sided Wilcoxon signed-rank
p-value, the Vargha-Delaney A12 (probability that a B value beats an A value) and a bootstrap
95% confidence interval of the mean difference (see `paired_statistics`). Only cases scored
in both samples are paired; failed results are listed but left out of the statistics.
"""

from __future__ import annotations

import math
from typing import Dict, List, Sequence, Tuple

from tabulate import tabulate

from interpbench_harness.cases.registry import id_order
from interpbench_harness.report.paired_statistics import paired_summary
from interpbench_harness.report.regression import aurocs
from interpbench_harness.report.schema import Report

Sample = Dict[str, float]  # case -> AUROC (NaN: failed)


def samples_by_method(report: Report, level: str) -> Dict[str, Sample]:
    by_method: Dict[str, Sample] = {}
    for (method, case), value in aurocs(report, level).items():
        by_method.setdefault(method, {})[case] = value
    return by_method


def paired(a: Sample, b: Sample) -> Tuple[List[str], List[float], List[float]]:
    cases = sorted((c for c in a if c in b and not math.isnan(a[c]) and not math.isnan(b[c])), key=id_order)
    return cases, [a[c] for c in cases], [b[c] for c in cases]


def comparison_rows(pairs: Sequence[Tuple[str, Sample, Sample]], seed: int = 0):
    """(per-case rows, per-comparison summary rows) for labelled (A, B) sample pairs."""
    case_rows, summary_rows = [], []
    for label, a, b in pairs:
        for case in sorted(set(a) | set(b), key=id_order):
            old, new = a.get(case, math.nan), b.get(case, math.nan)
            case_rows.append([label, case, _fmt(old), _fmt(new), _fmt(new - old, signed=True)])
        cases, xs, ys = paired(a, b)
        if len(cases) < 1:
            summary_rows.append([label, 0] + ["-"] * 7)
            continue
        stats = paired_summary(ys, xs, seed=seed)  # B first: differences read as B - A
        summary_rows.append([label, stats["n"], _fmt(stats["mean_b"]), _fmt(stats["mean_a"]),
                             _fmt(stats["mean_difference"], signed=True), f"{stats['wilcoxon_p']:.4g}",
                             _fmt(stats["a12"]), f"[{stats['ci_low']:+.3f}, {stats['ci_high']:+.3f}]",
                             stats["wilcoxon_method"]])
    return case_rows, summary_rows


def render(case_rows, summary_rows, a_name: str, b_name: str, level: str) -> str:
    cases = tabulate(case_rows, headers=["method", "case", f"A {level} AUROC", f"B {level} AUROC", "B - A"],
                     disable_numparse=True)
    summary = tabulate(summary_rows, headers=["method", "paired cases", "mean A", "mean B", "mean B - A",
                                              "Wilcoxon p", "A12 (B > A)", "95% CI of B - A", "p method"],
                       disable_numparse=True)
    return f"A = {a_name}\nB = {b_name}\n\n{cases}\n\n{summary}"


def compare_runs(a: Report, b: Report, level: str = "edge", seed: int = 0):
    """Each method present in both runs: run A against run B."""
    left, right = samples_by_method(a, level), samples_by_method(b, level)
    return comparison_rows([(m, left[m], right[m]) for m in sorted(set(left) & set(right))], seed)


def compare_methods(report: Report, methods: Sequence[str], level: str = "edge", seed: int = 0):
    """Within one run: the first method (A) against each other one (B)."""
    samples = samples_by_method(report, level)
    missing = [m for m in methods if m not in samples]
    if missing:
        raise ValueError(f"method {', '.join(missing)} is not in this run; it has {', '.join(sorted(samples))}")
    first = methods[0]
    return comparison_rows([(f"{m} vs {first}", samples[first], samples[m]) for m in methods[1:]], seed)


def _fmt(value: float, signed: bool = False) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:+.3f}" if signed else f"{value:.3f}"

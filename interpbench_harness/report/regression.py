"""The regression gate: did a method's AUROC fall more than a margin below a stored baseline?

Compared per method present in both reports, on the headline edge and node AUROC (pessimistic
for sweeps, rank AUROC for scores; see `evaluation.headline_auroc`): the mean over the cases
both reports scored, and every such case on its own. A case the method failed on now but not in
the baseline counts as a regression too, whatever kept it from a score (an error, a skip, a crashed
worker, or a run that stopped before reaching it).
"""

from __future__ import annotations

import math
import statistics
from typing import Dict, List, Tuple

from interpbench_harness.cases.registry import id_order
from interpbench_harness.report.schema import Report, auroc

LEVELS = ("edge", "node")


def aurocs(report: Report, level: str) -> Dict[Tuple[str, str], float]:
    """(method, case) -> headline AUROC; NaN for failed results."""
    return {(result["method"], result["case"]): auroc(result, level) for result in report["results"]}


def find_regressions(current: Report, baseline: Report, margin: float) -> List[str]:
    """A message for each drop of more than `margin` below the baseline, worst first per method."""
    problems = []
    outcomes = {(r["method"], r["case"]): r.get("outcome", "failed") for r in current["results"]}
    for level in LEVELS:
        now, before = aurocs(current, level), aurocs(baseline, level)
        methods = sorted({m for m, _ in now} & {m for m, _ in before})
        for method in methods:
            shared = sorted((c for m, c in now if m == method and (m, c) in before), key=id_order)
            pairs = [(case, before[(method, case)], now[(method, case)]) for case in shared
                     if not math.isnan(before[(method, case)])]
            for case, old, new in pairs:
                if math.isnan(new):
                    problems.append(f"{method}, case {case}: {outcomes[(method, case)]} now, no score "
                                    f"({level} AUROC was {old:.3f})")
                elif new < old - margin:
                    problems.append(f"{method}, case {case}: {level} AUROC {new:.3f}, baseline {old:.3f} "
                                    f"(down {old - new:.3f} > {margin})")
            scored = [(old, new) for _, old, new in pairs if not math.isnan(new)]
            if scored:
                old_mean = statistics.mean(o for o, _ in scored)
                new_mean = statistics.mean(n for _, n in scored)
                if new_mean < old_mean - margin:
                    problems.insert(0, f"{method}: mean {level} AUROC {new_mean:.3f} over {len(scored)} cases, "
                                       f"baseline {old_mean:.3f} (down {old_mean - new_mean:.3f} > {margin})")
    return problems

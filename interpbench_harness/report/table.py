"""The terminal table printed at the end of a run and by `interpbench report`."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import List, Sequence

from tabulate import tabulate

from interpbench_harness.report.schema import ReportResult, auroc, is_scored, result_order, total_passes


def _fmt(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def _cost_cells(result: ReportResult) -> List[str]:
    """Seconds, forward/backward passes and peak memory of one result, as table cells."""
    cost = result.get("cost") or {}
    passes = f"{cost['forward_passes']}/{cost.get('backward_passes', 0)}" if "forward_passes" in cost else "-"
    memory = cost.get("peak_memory_mib")
    return [f"{result.get('seconds', 0):.2f}", passes, "-" if memory is None else f"{memory:.0f}"]


def status(result: ReportResult) -> str:
    """How a result without a score ended, in capitals for tables: FAILED, ERROR, SKIPPED, ..."""
    return "FAILED" if result.get("outcome") in (None, "passed") else str(result["outcome"]).upper()


def results_table(results: Sequence[ReportResult]) -> str:
    """Edge and node AUROC per case and method with its cost, then a summary per method."""
    rows = []
    per_method = defaultdict(lambda: {"edge": [], "node": [], "seconds": 0.0, "passes": 0, "failed": 0, "skipped": 0})
    for result in sorted(results, key=result_order):
        stats = per_method[result["method"]]
        stats["seconds"] += result.get("seconds", 0.0)
        stats["passes"] += total_passes(result) or 0
        if not is_scored(result):
            stats["skipped" if result.get("outcome") == "skipped" else "failed"] += 1
            rows.append([result["case"], result["method"], status(result), "", *_cost_cells(result), result["error"][:70]])
            continue
        edge, node = auroc(result, "edge"), auroc(result, "node")
        for level, value in (("edge", edge), ("node", node)):
            if not math.isnan(value):
                stats[level].append(value)
        rows.append([result["case"], result["method"], _fmt(edge), _fmt(node), *_cost_cells(result), result["metrics"]["kind"]])
    headers = ["case", "method", "edge AUROC", "node AUROC", "seconds", "fwd/bwd passes", "peak MiB", "result"]
    table = tabulate(rows, headers=headers, disable_numparse=True)
    summary = []
    for method, stats in sorted(per_method.items()):
        summary.append([
            method,
            _fmt(statistics.mean(stats["edge"])) if stats["edge"] else "-",
            _fmt(statistics.median(stats["edge"])) if stats["edge"] else "-",
            _fmt(statistics.mean(stats["node"])) if stats["node"] else "-",
            len(stats["edge"]) + stats["failed"],
            stats["failed"],
            stats["skipped"],
            f"{stats['seconds']:.1f}",
            stats["passes"],
        ])
    summary_table = tabulate(
        summary, headers=["method", "mean edge", "median edge", "mean node", "cases", "failed", "skipped", "seconds", "passes"],
        disable_numparse=True,
    )
    return f"{table}\n\n{summary_table}"

"""The end-of-run outputs: a case x method table in the terminal and a versioned JSON report."""

from __future__ import annotations

import json
import math
import platform
import statistics
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Dict, List

from tabulate import tabulate

from interpbench_harness.cases.registry import id_order
from interpbench_harness.evaluation import headline_auroc

SCHEMA_VERSION = 2  # 2: run.complete, run.shard, run.sweep, run.started; top-level models
_PACKAGES = ("interpbench-harness", "torch", "transformer-lens", "tracr-pypi", "jax", "numpy", "pytest")


def _fmt(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def _passes(result: Dict[str, object]) -> "int | None":
    cost = result.get("cost") or {}
    return cost["forward_passes"] + cost.get("backward_passes", 0) if "forward_passes" in cost else None


def _cost_cells(result: Dict[str, object]) -> List[str]:
    """Seconds, forward/backward passes and peak memory of one result, as table cells."""
    cost = result.get("cost") or {}
    passes = f"{cost['forward_passes']}/{cost.get('backward_passes', 0)}" if "forward_passes" in cost else "-"
    memory = cost.get("peak_memory_mib")
    return [f"{result.get('seconds', 0):.2f}", passes, "-" if memory is None else f"{memory:.0f}"]


def status(result: Dict[str, object]) -> str:
    """How a result without a score ended, in capitals for tables: FAILED, ERROR, SKIPPED, ..."""
    return "FAILED" if result.get("outcome") in (None, "passed") else str(result["outcome"]).upper()


def results_table(results: List[Dict[str, object]]) -> str:
    """Edge and node AUROC per case and method with its cost, then a summary per method."""
    rows = []
    per_method = defaultdict(lambda: {"edge": [], "node": [], "seconds": 0.0, "passes": 0, "failed": 0, "skipped": 0})
    for result in sorted(results, key=lambda r: (id_order(r["case"]), r["method"])):
        stats = per_method[result["method"]]
        stats["seconds"] += result.get("seconds", 0.0)
        stats["passes"] += _passes(result) or 0
        if "metrics" not in result:
            stats["skipped" if result.get("outcome") == "skipped" else "failed"] += 1
            rows.append([result["case"], result["method"], status(result), "", *_cost_cells(result), result["error"][:70]])
            continue
        edge = headline_auroc(result["metrics"], "edge")
        node = headline_auroc(result["metrics"], "node")
        for level, value in (("edge", edge), ("node", node)):
            if value is not None and not math.isnan(value):
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


def build_report(
    results: List[Dict[str, object]], run: Dict[str, object], realism: List[Dict[str, object]] = ()
) -> Dict[str, object]:
    """The JSON report: run settings and metadata, the model each case ran on, every result.

    `run` holds the settings (methods, cases, model source, samples, seed, sweep, shard) and
    `complete`: False when the run was interrupted or some (case, method) pairs sent nothing.
    `models` holds per case the model's origin, sha256, shape and ground-truth edges.
    `realism` (only when the realism suite ran) holds its measurements per case.
    """
    models, slim = {}, []
    for result in results:  # per-case facts go to `models`, once per case
        result = dict(result)
        shape, truth = result.pop("model_shape", None), result.pop("ground_truth", None)
        if result.get("model_sha256"):
            models[result["case"]] = {"origin": result.get("model_origin"), "sha256": result["model_sha256"],
                                      "shape": shape, "ground_truth": truth}
        slim.append(result)
    report = {
        "schema_version": SCHEMA_VERSION,
        "run": {
            **run,
            "python": platform.python_version(),
            "packages": {name: _version(name) for name in _PACKAGES},
        },
        "models": dict(sorted(models.items(), key=lambda item: id_order(item[0]))),
        "results": sorted(slim, key=lambda r: (id_order(r["case"]), r["method"])),
    }
    if realism:
        report["realism"] = sorted(realism, key=lambda r: (id_order(r["case"]), r.get("check", "")))
    return report


def write_report(path, report: Dict[str, object]) -> None:
    """Write atomically, so an interrupted run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=1, sort_keys=True))
    tmp.replace(path)


def read_report(path) -> Dict[str, object]:
    """A JSON report, checked to be one this version understands; a run journal reads as the
    incomplete report of its finished results."""
    from interpbench_harness.journal import is_journal, read_journal

    if is_journal(path):
        try:
            return read_journal(path)
        except OSError as error:
            raise ValueError(f"cannot read run journal {path}: {error}") from None
    try:
        report = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read report {path}: {error}") from None
    if not isinstance(report, dict) or report.get("schema_version") != SCHEMA_VERSION:
        found = report.get("schema_version") if isinstance(report, dict) else None
        raise ValueError(f"{path} is not an interpbench report of schema version {SCHEMA_VERSION} (found {found!r})")
    return report


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


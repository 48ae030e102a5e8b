"""`interpbench merge`: one report from the reports of a run's shards.

Reports that could not come from one run are refused: other settings, other package versions,
or another model for the same case. The merged run is complete only when every shard was.
"""

from __future__ import annotations

from typing import Dict, Sequence, Tuple

from interpbench_harness.cases.registry import id_order
from interpbench_harness.report.schema import ModelEntry, Report, ReportResult, RunBlock, result_key, result_order
from interpbench_harness.sharding import parse_shard

# Settings every shard of one run shares; `cases` may differ only if written differently.
SHARED_SETTINGS = ("methods", "cases", "model_source", "samples", "seed", "sweep", "method_options")


def merge_reports(reports: Sequence[Report], names: Sequence[str]) -> Report:
    """One report from shard reports of the same run (ValueError naming the mismatch otherwise)."""
    if not reports:
        raise ValueError("nothing to merge: give at least one report")
    first, first_name = reports[0], names[0]
    for report, name in zip(reports[1:], names[1:]):
        for key in SHARED_SETTINGS + ("packages", "python"):
            if report["run"].get(key) != first["run"].get(key):
                raise ValueError(
                    f"{name} and {first_name} differ in {key} ({report['run'].get(key)!r} vs "
                    f"{first['run'].get(key)!r}): they are not shards of one run, so they were not merged"
                )
    models: Dict[str, ModelEntry] = {}
    results: Dict[Tuple[str, str], ReportResult] = {}
    for report, name in zip(reports, names):
        for case_id, model in report.get("models", {}).items():
            if case_id in models and models[case_id]["sha256"] != model["sha256"]:
                raise ValueError(f"case {case_id} ran on different models in {name} and another report "
                                 f"(sha256 {model['sha256'][:12]} vs {models[case_id]['sha256'][:12]}); not merged")
            models[case_id] = model
        for result in report["results"]:
            key = result_key(result)
            if key in results and _numbers(results[key]) != _numbers(result):
                raise ValueError(f"case {key[0]}, method {key[1]} appears in more than one report with different "
                                 f"results ({name}); not merged")
            results[key] = result
    shards = sorted(str(r["run"].get("shard")) for r in reports)
    devices = sorted({str(r["run"]["device"]) for r in reports if "device" in r["run"]})
    run: RunBlock = {
        **{k: v for k, v in first["run"].items() if k not in ("shard", "seconds", "complete", "started")},
        "merged_from": list(names),
        "shards": shards,
        "seconds": round(sum(r["run"].get("seconds", 0.0) for r in reports), 3),
        "started": min(str(r["run"].get("started", "")) for r in reports),
        "complete": all(r["run"].get("complete") for r in reports) and _covers_every_shard(reports),
    }
    if devices:  # shards may run on different devices (each result records its own): all are named
        run["device"] = ",".join(devices)
    return {
        **{k: v for k, v in first.items() if k not in ("run", "models", "results", "run_id")},
        "run": run,
        "models": dict(sorted(models.items(), key=lambda item: id_order(item[0]))),
        "results": sorted(results.values(), key=result_order),
    }


def _covers_every_shard(reports: Sequence[Report]) -> bool:
    """True for an unsharded report or a full set 1/N .. N/N."""
    shards = [r["run"].get("shard") for r in reports]
    if any(shard is None for shard in shards):
        return True
    parsed = {parse_shard(shard) for shard in shards}
    counts = {count for _, count in parsed}
    return len(counts) == 1 and {index for index, _ in parsed} == set(range(1, counts.pop() + 1))


def _numbers(result: ReportResult) -> object:
    """What a result computed, without what was measured (time, peak memory) or where (device), which
    differ run to run."""
    kept = {k: v for k, v in result.items() if k not in ("seconds", "outcome", "device")}
    if isinstance(kept.get("cost"), dict):
        kept["cost"] = {k: v for k, v in kept["cost"].items() if k not in ("peak_memory_mib", "cpu_seconds")}
    return kept

"""Running one benchmark on several machines: deterministic shards and merging their reports.

`--shard i/N` keeps every N-th (case, method) pair, starting at the i-th, of the pairs sorted
by case id then method name, so the N shards partition the work whatever order pytest collects
in. `merge_reports` joins shard reports into one, refusing reports that could not come from one
run: other settings, other package versions, or another model for the same case.
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from interpbench_harness.cases.registry import id_order

# Settings every shard of one run shares; `cases` may differ only if written differently.
SHARED_SETTINGS = ("methods", "cases", "model_source", "samples", "seed", "sweep", "method_options")


def parse_shard(text: str) -> Tuple[int, int]:
    """'2/4' -> (2, 4); shards count from 1."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(f"--shard takes i/N with 1 <= i <= N, e.g. 1/4; got {text!r}")
    return int(match.group(1)), int(match.group(2))


def in_shard(pairs: Sequence[Tuple[str, str]], shard: Tuple[int, int]) -> List[Tuple[str, str]]:
    """The (case, method) pairs shard (i, N) runs."""
    index, count = shard
    ordered = sorted(set(pairs), key=lambda pair: (id_order(pair[0]), pair[1]))
    return [pair for position, pair in enumerate(ordered) if position % count == index - 1]


def merge_reports(reports: Sequence[Dict[str, object]], names: Sequence[str]) -> Dict[str, object]:
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
    models: Dict[str, Dict[str, object]] = {}
    results: Dict[Tuple[str, str], Dict[str, object]] = {}
    for report, name in zip(reports, names):
        for case_id, model in report.get("models", {}).items():
            if case_id in models and models[case_id]["sha256"] != model["sha256"]:
                raise ValueError(f"case {case_id} ran on different models in {name} and another report "
                                 f"(sha256 {model['sha256'][:12]} vs {models[case_id]['sha256'][:12]}); not merged")
            models[case_id] = model
        for result in report["results"]:
            key = (result["case"], result["method"])
            if key in results and _numbers(results[key]) != _numbers(result):
                raise ValueError(f"case {key[0]}, method {key[1]} appears in more than one report with different "
                                 f"results ({name}); not merged")
            results[key] = result
    shards = sorted(str(r["run"].get("shard")) for r in reports)
    run = {
        **{k: v for k, v in first["run"].items() if k not in ("shard", "seconds", "complete", "started")},
        "merged_from": list(names),
        "shards": shards,
        "seconds": round(sum(r["run"].get("seconds", 0.0) for r in reports), 3),
        "started": min(str(r["run"].get("started", "")) for r in reports),
        "complete": all(r["run"].get("complete") for r in reports) and _covers_every_shard(reports),
    }
    return {
        **{k: v for k, v in first.items() if k not in ("run", "models", "results", "run_id")},
        "run": run,
        "models": dict(sorted(models.items(), key=lambda item: id_order(item[0]))),
        "results": sorted(results.values(), key=lambda r: (id_order(r["case"]), r["method"])),
    }


def _covers_every_shard(reports: Sequence[Dict[str, object]]) -> bool:
    """True for an unsharded report or a full set 1/N .. N/N."""
    shards = [r["run"].get("shard") for r in reports]
    if any(shard is None for shard in shards):
        return True
    parsed = {parse_shard(shard) for shard in shards}
    counts = {count for _, count in parsed}
    return len(counts) == 1 and {index for index, _ in parsed} == set(range(1, counts.pop() + 1))


def _numbers(result: Dict[str, object]) -> object:
    """What a result computed, without what was measured (time, peak memory), which differs run to run."""
    kept = {k: v for k, v in result.items() if k not in ("seconds", "outcome")}
    if isinstance(kept.get("cost"), dict):
        kept["cost"] = {k: v for k, v in kept["cost"].items() if k != "peak_memory_mib"}
    return kept

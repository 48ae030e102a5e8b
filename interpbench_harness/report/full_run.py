"""How long the headline command takes over every shipped case, from a stratified sample.

Running a slow method over every shipped case takes hours; timing a sample and scaling it up
takes a fraction of that. `plan` orders the cases by a size proxy (edges of the model's universe
x positions x d_model: what one ablation pass per edge costs), always keeps the `certain`
largest (they dominate the total and are unlike the rest: the IOI models), splits the others
into `strata` groups of equal count, and draws `per_stratum` cases from each with a seeded
generator. `estimate` then applies the standard stratified estimator per method: a stratum's
total is the mean of its sampled cases times its size, certain cases count as measured, and
the standard error comes from the spread within each stratum (finite-population corrected).

Time is each result's CPU time (`cost.cpu_seconds`; wall `seconds` for reports without it):
with one torch thread per worker it is what a quiet machine takes (on a quiet machine CPU and
wall seconds agreed to 0.1%), and it grows far less than wall time when other work shares the
cores (about 1.2x against 2.2x with five busy processes on two cores), so an estimate from a busy
machine errs high by about a fifth. Wall time with N workers (pytest-xdist hands pairs out one at a
time) lies between max(total / N, longest pair) and total / N + longest pair x (N - 1) / N, the
bound of greedy list scheduling; both are given. Loading cases and models is not a method's
time and is not in these figures: the sampled run's own wall time is reported beside them.
"""

from __future__ import annotations

import math
import random
from typing import Dict, List, Mapping, Optional, Sequence

from interpbench_harness.graph import universe
from interpbench_harness.report.schema import is_scored


def size_proxy(config: Mapping[str, object]) -> int:
    """Edges of the model's universe x positions x d_model, from a manifest's `config`."""
    edges = len(universe(int(config["n_layers"]), int(config["n_heads"])).edges)
    return edges * int(config["n_ctx"]) * int(config["d_model"])


def plan(sizes: Mapping[str, int], strata: int = 4, per_stratum: int = 3, certain: int = 2,
         seed: int = 0) -> Dict[str, object]:
    """Which cases to run: {"certain": [...], "strata": [{"cases": [...], "sampled": [...]}, ...]}.

    `sizes` maps every case id of the population to its size proxy. A stratum smaller than
    `per_stratum` is run whole.
    """
    if strata < 1 or per_stratum < 1 or certain < 0:
        raise ValueError("strata and per_stratum must be at least 1, certain at least 0")
    ordered = sorted(sizes, key=lambda case_id: (sizes[case_id], case_id))
    certain_ids = ordered[len(ordered) - certain:] if certain else []
    rest = ordered[:len(ordered) - len(certain_ids)]
    generator = random.Random(seed)
    groups = []
    for index in range(min(strata, len(rest))):
        cases = rest[index * len(rest) // strata:(index + 1) * len(rest) // strata]
        sampled = sorted(generator.sample(cases, min(per_stratum, len(cases))), key=cases.index)
        groups.append({"cases": cases, "sampled": sampled})
    return {"certain": certain_ids, "strata": groups, "seed": seed}


def sampled_cases(sample_plan: Mapping[str, object]) -> List[str]:
    """Every case the plan runs: the certain ones and each stratum's draw."""
    cases = list(sample_plan["certain"])
    for stratum in sample_plan["strata"]:
        cases += stratum["sampled"]
    return cases


def result_seconds(result: Mapping[str, object]) -> Optional[float]:
    """A scored result's CPU seconds (its wall seconds when the report predates CPU time); None otherwise."""
    if not is_scored(result):
        return None
    cpu = (result.get("cost") or {}).get("cpu_seconds")
    return float(cpu if cpu is not None else result["seconds"])


def estimate(results: Sequence[Mapping[str, object]], sample_plan: Mapping[str, object], workers: int = 2
             ) -> Dict[str, Dict[str, object]]:
    """Per method: the estimated total seconds over the population, its standard error, the wall-time
    range with `workers` workers, the share of each stratum, and what was measured.

    A method with a sampled pair that has no score (failed, timed out, not run) gets no estimate:
    its `missing` lists those cases instead, since leaving them out would understate the total.
    """
    seconds: Dict[str, Dict[str, float]] = {}
    for result in results:
        value = result_seconds(result)
        if value is not None:
            seconds.setdefault(result["method"], {})[result["case"]] = value
    wanted = sampled_cases(sample_plan)
    estimates = {}
    for method in sorted({r["method"] for r in results}):
        measured = seconds.get(method, {})
        missing = [case_id for case_id in wanted if case_id not in measured]
        if missing:
            estimates[method] = {"missing": missing}
            continue
        parts, variance, longest = [], 0.0, 0.0
        for label, cases, sampled in _groups(sample_plan):
            values = [measured[case_id] for case_id in sampled]
            mean = sum(values) / len(values)
            total = mean * len(cases)
            if len(values) > 1 and len(values) < len(cases):
                spread = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
                variance += len(cases) ** 2 * (1 - len(values) / len(cases)) * spread / len(values)
            parts.append({"stratum": label, "cases": len(cases), "sampled": {c: round(measured[c], 2) for c in sampled},
                          "mean_seconds": round(mean, 2), "estimated_seconds": round(total, 1)})
            longest = max(longest, max(values))
        total = sum(part["estimated_seconds"] for part in parts)
        for part in parts:
            part["share"] = round(part["estimated_seconds"] / total, 3) if total else 0.0
        estimates[method] = {
            "estimated_total_seconds": round(total, 1),
            "standard_error_seconds": round(math.sqrt(variance), 1),
            "wall_seconds_at_least": round(max(total / workers, longest), 1),
            "wall_seconds_at_most": round(total / workers + longest * (workers - 1) / workers, 1),
            "longest_pair_seconds": round(longest, 1),
            "workers": workers,
            "strata": parts,
        }
    return estimates


def _groups(sample_plan: Mapping[str, object]):
    """(label, population cases, sampled cases) per stratum, the certain cases first (as one group each)."""
    for case_id in sample_plan["certain"]:
        yield f"certain: case {case_id}", [case_id], [case_id]
    for index, stratum in enumerate(sample_plan["strata"], 1):
        yield f"stratum {index} of {len(sample_plan['strata'])}", stratum["cases"], stratum["sampled"]

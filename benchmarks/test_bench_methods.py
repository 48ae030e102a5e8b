"""Benchmarks of the discovery methods on three fixed cases: wall time, passes, and ACDC's speed-up.

    .venv/bin/python -m pytest benchmarks/test_bench_methods.py --benchmark-json=benchmark-methods.json

Cases: 8 (two layers, categorical), 13 (four layers, the deepest shipped SIIT model) and 3 (a
regression case). Each method runs its full default sweep once per case on the shipped SIIT
model with SAMPLES clean and corrupted inputs; `extra_info` has the forward and backward passes
through the model, the peak memory and the edge AUROC. ACDC's reference path (one forward pass
per edge and threshold) runs in the same test as the fast path: `reference_over_fast` is the
ratio of their times, which noise on a shared machine mostly cancels, and `same_circuits`
checks that both kept the same edges.
"""

import time

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.cost import metered
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

CASES = ("8", "13", "3")
METHODS = ("acdc", "sp", "edge_sp", "eap", "eap_ig")
SAMPLES = 300


@pytest.fixture(scope="module")
def cases():
    torch.set_num_threads(1)
    return {case_id: load_benchmark_case(get_case(case_id), "siit", n_samples=SAMPLES) for case_id in CASES}


def _measured(method, case, settings):
    with metered(case.model) as cost:
        started = time.perf_counter()
        result = method(case, settings)
        seconds = time.perf_counter() - started
    return result, seconds, cost


@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("name", METHODS)
def test_method_on_a_fixed_case(benchmark, cases, name, case_id):
    case, method = cases[case_id], load_methods()[name]
    outcome = {}

    def run():
        outcome["result"], outcome["seconds"], outcome["cost"] = _measured(method, case, MethodSettings())

    benchmark.group = f"case {case_id}"
    benchmark.pedantic(run, rounds=1, iterations=1)
    metrics = evaluate(outcome["result"], case.universe, case.ground_truth)
    info = {
        "edges": len(case.universe.edges),
        "samples": SAMPLES,
        "forward_passes": outcome["cost"]["forward_passes"],
        "backward_passes": outcome["cost"]["backward_passes"],
        "forward_rows": outcome["cost"]["forward_rows"],
        "peak_memory_mib": outcome["cost"]["peak_memory_mib"],
        "edge_auroc": round(headline_auroc(metrics, "edge"), 4),
    }
    if name == "acdc":
        reference, reference_seconds, reference_cost = _measured(method, case, MethodSettings(options={"path": "reference"}))
        info.update(
            reference_seconds=round(reference_seconds, 2),
            reference_forward_passes=reference_cost["forward_passes"],
            reference_over_fast=round(reference_seconds / outcome["seconds"], 2),
            same_circuits=reference.circuits == outcome["result"].circuits,
        )
        assert info["same_circuits"]
    benchmark.extra_info.update(info)

"""Node and edge SP: the fast path against the reference path, speed-up and AUROC.

    .venv/bin/python -m pytest benchmarks/test_bench_sp.py -p no:xdist --benchmark-json=benchmark-sp.json

Both paths run the paper's 19 lambdas at default options on the shipped SIIT model of a case,
one after the other in the same test, so that noise on a shared machine mostly cancels from
their ratio. `extra_info` has `fast_seconds`, `reference_seconds`, `reference_over_fast`, both
paths' edge and node AUROCs (pessimistic, as the harness reports a sweep), `same_circuits`
(both kept the same edges at every lambda) and `edges_differing` (per lambda where they do not:
how many edges one path kept and the other did not).

Per epoch, one pass costs the same whatever the number of samples (a batch is `batch` rows of
them), so SAMPLES only sets which rows are drawn; it is the harness default.

The tests fail only if an AUROC differs by more than 0.01: float reordering between the paths
(about 1e-7 relative in the logits) may flip a mask that sits at the 0.5 cut.
"""

import time

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.evaluation import evaluate
from interpbench_harness.methods.contract import PAPER_SWEEP, MethodSettings
from interpbench_harness.methods.subnetwork_probing import edge_subnetwork_probing, node_subnetwork_probing

SAMPLES = 1000
METHODS = {"sp": node_subnetwork_probing, "edge_sp": edge_subnetwork_probing}


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    torch.set_num_threads(1)  # both paths alike; two busy processes share this machine's cores


def _run(method, case_id: str, path: str):
    case = load_benchmark_case(get_case(case_id), "siit", n_samples=SAMPLES)
    started = time.perf_counter()
    result = METHODS[method](case, MethodSettings(options={"path": path}))
    seconds = time.perf_counter() - started
    metrics = evaluate(result, case.universe, case.ground_truth)
    return result.circuits, seconds, metrics["edge"]["pessimistic_auroc"], metrics["node"]["pessimistic_auroc"]


@pytest.mark.parametrize("case_id", ["3", "13"])
@pytest.mark.parametrize("method", ["sp", "edge_sp"])
def test_speed_up(benchmark, method, case_id):
    benchmark.group = f"{method} speed-up"
    fast = {}

    def run_fast():
        fast["circuits"], fast["seconds"], fast["edge"], fast["node"] = _run(method, case_id, "fast")

    benchmark.pedantic(run_fast, rounds=1, iterations=1)
    circuits, seconds, edge_auroc, node_auroc = _run(method, case_id, "reference")
    differing = {str(value): len(fast["circuits"][value] ^ circuits[value])
                 for value in PAPER_SWEEP if fast["circuits"][value] != circuits[value]}
    benchmark.extra_info.update(
        method=method,
        case=case_id,
        samples=SAMPLES,
        fast_seconds=round(fast["seconds"], 2),
        reference_seconds=round(seconds, 2),
        reference_over_fast=round(seconds / fast["seconds"], 2),
        fast_edge_auroc=fast["edge"],
        reference_edge_auroc=edge_auroc,
        fast_node_auroc=fast["node"],
        reference_node_auroc=node_auroc,
        same_circuits=not differing,
        edges_differing=differing,
    )
    assert abs(fast["edge"] - edge_auroc) <= 0.01 and abs(fast["node"] - node_auroc) <= 0.01

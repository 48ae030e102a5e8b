"""The harness's overhead around a method call, and the memory churn of its cost accounting.

    .venv/bin/python -m pytest benchmarks/test_bench_overhead.py --benchmark-json=benchmark-overhead.json

On a small case (8: two layers, the shipped SIIT model, SAMPLES inputs) each round runs a method
three ways, interleaved so that a shared machine's load falls on all three alike:
- `bare`: `method(case, settings)` alone;
- `metered`: inside `cost.metered` (pass counting and peak memory), nothing else;
- `harness`: what `suites/test_discovery.py` does per result: `metered` + `method_guard.guarded_call`
  + `evaluation.evaluate` (this is what the benchmark itself times).
`extra_info` has each way's median seconds, the overheads as fractions of the bare call, and the
minor page faults per result (`ru_minflt`), which counts memory handed back to the system and
faulted in again. Targets: the harness within 5% of a real method's (eap) bare call, and no more
page faults per result with accounting than without. `random` costs almost nothing itself, so its
row shows the harness's fixed cost per result in absolute terms.
"""

import resource
import statistics
import time

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.cost import keep_freed_heap, metered
from interpbench_harness.evaluation import evaluate
from interpbench_harness.method_guard import guarded_call
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

CASE = "8"
SAMPLES = 300
ROUNDS = 7
WARMUP_ROUNDS = 2


@pytest.fixture(scope="module")
def case():
    torch.set_num_threads(1)
    keep_freed_heap()  # as the plugin does in every discovery run
    return load_benchmark_case(get_case(CASE), "siit", n_samples=SAMPLES)


def _minflt() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


@pytest.mark.parametrize("name", ["eap", "random"])
def test_harness_overhead(benchmark, case, name):
    method, settings = load_methods()[name], MethodSettings()

    def bare():
        method(case, settings)

    def accounted():
        with metered(case.model):
            method(case, settings)

    def harness():  # suites/test_discovery.py's steps around the method
        with metered(case.model):
            result = guarded_call(method, case, settings, name, 0.0)
        evaluate(result, case.universe, case.ground_truth)

    times = {"bare": [], "metered": [], "harness": []}
    faults = {"bare": [], "metered": [], "harness": []}

    def measure(way, call):
        faults_before, started = _minflt(), time.perf_counter()
        call()
        times[way].append(time.perf_counter() - started)
        faults[way].append(_minflt() - faults_before)

    for _ in range(WARMUP_ROUNDS):
        for call in (bare, accounted, harness):
            call()

    def others():  # before each timed round, untimed by the benchmark
        measure("bare", bare)
        measure("metered", accounted)

    benchmark.group = f"harness overhead, case {CASE}"
    benchmark.pedantic(lambda: measure("harness", harness), setup=others, rounds=ROUNDS, iterations=1)
    seconds = {way: statistics.median(values) for way, values in times.items()}
    benchmark.extra_info.update({
        "case": CASE,
        "samples": SAMPLES,
        "rounds": ROUNDS,
        **{f"{way}_seconds": round(value, 4) for way, value in seconds.items()},
        "metered_overhead": round(seconds["metered"] / seconds["bare"] - 1, 4),
        "harness_overhead": round(seconds["harness"] / seconds["bare"] - 1, 4),
        "harness_overhead_seconds": round(seconds["harness"] - seconds["bare"], 4),
        **{f"{way}_minflt_per_result": statistics.median(values) for way, values in faults.items()},
    })

"""ACDC's fast path against its reference path: the speed-up, and the same edges.

    .venv/bin/python -m pytest benchmarks/test_bench_acdc.py -p no:xdist --benchmark-json=benchmark-acdc.json

Both paths run the paper's 19 thresholds on the shipped SIIT model of a case, one after the
other in the same test, so that noise on a shared machine mostly cancels from their ratio:
`extra_info` has `fast_seconds`, `reference_seconds`, `reference_over_fast` and `same_edges`
(both kept the same edges at every threshold; `thresholds_differing` lists any that did not).

- `test_speed_up`: cases 8 and 13 at SAMPLES inputs, the default of a discovery run.
- `test_same_edges_on_paper16`: every paper16 case at PAPER16_SAMPLES inputs, for the identity
  above all (the reference path alone takes many minutes per case at the default size, about
  half an hour on case 21). Select one group with `-k speed_up` or `-k paper16`.

Nothing here asserts a time; the tests fail only if the paths keep different edges.
"""

import time

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import PAPER16, get_case
from interpbench_harness.methods.acdc import acdc
from interpbench_harness.methods.contract import PAPER_SWEEP, MethodSettings

SAMPLES = 1000
PAPER16_SAMPLES = 200


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    torch.set_num_threads(1)  # both paths alike; two busy processes share this machine's cores


def _timed(case, path: str):
    started = time.perf_counter()
    circuits = acdc(case, MethodSettings(options={"path": path})).circuits
    return circuits, time.perf_counter() - started


def _fast_against_reference(benchmark, case_id: str, samples: int) -> None:
    case = load_benchmark_case(get_case(case_id), "siit", n_samples=samples)
    fast = {}

    def run_fast():
        fast["circuits"], fast["seconds"] = _timed(case, "fast")

    benchmark.pedantic(run_fast, rounds=1, iterations=1)
    reference, reference_seconds = _timed(case, "reference")
    differing = [threshold for threshold in PAPER_SWEEP if fast["circuits"][threshold] != reference[threshold]]
    benchmark.extra_info.update(
        case=case_id,
        samples=samples,
        edges=len(case.universe.edges),
        thresholds=len(PAPER_SWEEP),
        fast_seconds=round(fast["seconds"], 2),
        reference_seconds=round(reference_seconds, 2),
        reference_over_fast=round(reference_seconds / fast["seconds"], 1),
        same_edges=not differing,
        thresholds_differing=differing,
        kept_edges=[len(fast["circuits"][threshold]) for threshold in PAPER_SWEEP],
    )
    assert not differing


@pytest.mark.parametrize("case_id", ["8", "13"])
def test_speed_up(benchmark, case_id):
    benchmark.group = "acdc speed-up"
    _fast_against_reference(benchmark, case_id, SAMPLES)


@pytest.mark.parametrize("case_id", PAPER16)
def test_same_edges_on_paper16(benchmark, case_id):
    benchmark.group = "acdc on paper16"
    _fast_against_reference(benchmark, case_id, PAPER16_SAMPLES)

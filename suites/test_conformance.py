"""Conformance checks a method author runs on their own method before benchmarking it:

    pytest suites/test_conformance.py --method=my_method --conformance

On exact compiled (tracr) models, where the circuit is planted and unambiguous, the method must
return a valid result, give the same result twice under the same seed, leave the model as it
found it, and rank the planted circuit well (edge AUROC >= 0.9). Without --conformance these
tests are skipped, so the chance baseline `random` does not fail the main job.
"""

import pytest

from interpbench_harness.cases.registry import get_case
from interpbench_harness.evaluation import evaluate, headline_auroc

# Cases whose every ground-truth edge is visible to resample ablation. (Case 3's heads read
# positions through Q/K, which clean and corrupted inputs share, capping such methods at 0.875.)
PLANTED_CASES = ("8", "14", "46")
MIN_PLANTED_AUROC = 0.9


@pytest.fixture(params=PLANTED_CASES, ids=lambda case_id: f"case-{case_id}")
def planted_case(request, interpbench_settings):
    if not interpbench_settings.conformance:
        pytest.skip("conformance checks run with --conformance")
    from interpbench_harness.benchmark_case import load_benchmark_case

    return load_benchmark_case(get_case(request.param), "tracr", device=interpbench_settings.worker_device)


def guarded_call(*args, **kwargs):
    """`method_guard.guarded_call`, imported at the first call: it imports torch, and collecting
    the suites should not (benchmarks/test_bench_startup.py)."""
    from interpbench_harness.method_guard import guarded_call as call

    return call(*args, **kwargs)


def test_result_follows_the_contract(planted_case, method, method_name, method_settings):
    result = guarded_call(method, planted_case, method_settings, method_name)
    evaluate(result, planted_case.universe, planted_case.ground_truth)  # raises on any violation


def test_same_seed_gives_the_same_result(planted_case, method, method_name, method_settings):
    first = guarded_call(method, planted_case, method_settings, method_name)
    second = guarded_call(method, planted_case, method_settings, method_name)
    assert first == second, "two runs with the same seed differ: seed every random choice from settings.seed"


def test_finds_the_planted_circuit(planted_case, method, method_name, method_settings):
    result = guarded_call(method, planted_case, method_settings, method_name)
    auroc = headline_auroc(evaluate(result, planted_case.universe, planted_case.ground_truth), "edge")
    assert auroc >= MIN_PLANTED_AUROC, (
        f"edge AUROC {auroc:.3f} on the exact model of case {planted_case.case_id}, where the circuit "
        f"is planted; a working method should reach {MIN_PLANTED_AUROC}"
    )

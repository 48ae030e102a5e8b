"""ACDC's reference path: on exact compiled models it keeps the ground truth at a tiny threshold."""

import pytest

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.methods.acdc import acdc, acdc_kept_edges
from interpbench_harness.methods.contract import MethodSettings


@pytest.fixture(scope="module")
def tracr_cases():
    return {case_id: load_benchmark_case(get_case(case_id), "tracr", n_samples=300) for case_id in ("3", "8", "14")}


@pytest.mark.parametrize("case_id", ["8", "14"])
def test_a_tiny_threshold_keeps_exactly_the_ground_truth_of_a_compiled_model(tracr_cases, case_id):
    case = tracr_cases[case_id]
    assert acdc_kept_edges(case, 1e-6) == {edge.name for edge in case.ground_truth.edges}


def test_a_positional_query_key_edge_is_invisible_to_resample_ablation(tracr_cases):
    # Case 3's head attends by position only, and positions are the same in clean and corrupted
    # inputs: no resample ablation can show the input -> head (q, k) edge matters.
    case = tracr_cases["3"]
    positional = "blocks.0.hook_resid_pre->blocks.1.attn.hook_result[0]"
    assert acdc_kept_edges(case, 1e-6) == {edge.name for edge in case.ground_truth.edges} - {positional}


def test_the_sweep_keeps_fewer_edges_as_the_threshold_grows(tracr_cases):
    case = tracr_cases["3"]
    sweep = acdc(case, MethodSettings(sweep=(0.0, 1e-6, 1e9))).circuits
    assert sweep[0.0] == {edge.name for edge in case.universe.edges}  # nothing changes by less than 0
    assert len(sweep[0.0]) > len(sweep[1e-6]) > len(sweep[1e9]) == 0

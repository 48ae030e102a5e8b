"""ACDC: the reference path finds exact circuits, the fast path agrees with it everywhere."""

import pytest
import torch

from interpbench_harness.ablation import corrupted_outputs, run_with_ablated_edges
from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import CI_SUBSET, get_case
from interpbench_harness.evaluation import evaluate
from interpbench_harness.hooked_model import computing_in
from interpbench_harness.method_guard import weights_fingerprint
from interpbench_harness.methods.acdc import (
    ROWS_PER_PASS,
    _visit_order,
    acdc,
    acdc_kept_edges,
    acdc_sweep,
    survival_scores,
)
from interpbench_harness.methods.acdc_downstream import DownstreamRuns
from interpbench_harness.methods.contract import PAPER_SWEEP, MethodSettings


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


def _fast_sweep_checked_against_the_reference(case):
    fast = acdc_sweep(case, PAPER_SWEEP)
    for threshold in PAPER_SWEEP:
        assert fast[threshold] == acdc_kept_edges(case, threshold), f"threshold {threshold}"
    return fast


@pytest.mark.parametrize("case_id", CI_SUBSET)
def test_the_fast_path_keeps_the_same_edges_as_the_reference_at_every_threshold(case_id):
    fast = _fast_sweep_checked_against_the_reference(load_benchmark_case(get_case(case_id), "siit", n_samples=100))
    assert len({len(kept) for kept in fast.values()}) > 3  # the sweep spans many circuit sizes


@pytest.mark.parametrize("case_id", CI_SUBSET)
def test_on_a_compiled_model_the_fast_path_keeps_the_reference_edges_too(case_id):
    # Exact models: many edges change nothing at all, which the fast path decides without a run.
    _fast_sweep_checked_against_the_reference(load_benchmark_case(get_case(case_id), "tracr", n_samples=50))


def test_a_candidate_run_gives_the_metric_of_a_patched_forward_pass():
    case = load_benchmark_case(get_case("8"), "siit", n_samples=50)
    order = _visit_order(case)
    model = case.model
    with computing_in(model, torch.float64), torch.no_grad():
        runs = DownstreamRuns(case, order, rows_per_pass=ROWS_PER_PASS)
        clean_logits = model(case.clean.ids)
        corrupted = corrupted_outputs(model, case.corrupted.ids, {edge.sender for edge in order})
        for index, edge in enumerate(order):
            [metric] = runs.metrics(edge.receiver, [frozenset({index})])
            patched = run_with_ablated_edges(model, case.clean.ids, case.corrupted.ids, [edge], corrupted)
            assert metric == pytest.approx(float(case.metric(patched, clean_logits)), rel=1e-9, abs=1e-12), edge.name


def test_the_fast_path_never_reads_memory_it_has_not_written():
    # In deterministic mode torch fills every new uninitialized tensor with NaN, so reading one shows.
    case = load_benchmark_case(get_case("8"), "siit", n_samples=30)
    expected = acdc_sweep(case, PAPER_SWEEP)
    torch.use_deterministic_algorithms(True)
    try:
        assert acdc_sweep(case, PAPER_SWEEP) == expected
    finally:
        torch.use_deterministic_algorithms(False)


def test_splitting_the_inputs_into_chunks_keeps_the_same_edges():
    case = load_benchmark_case(get_case(CI_SUBSET[0]), "siit", n_samples=100)
    whole = acdc_sweep(case, PAPER_SWEEP)
    chunked = acdc_sweep(case, PAPER_SWEEP, rows_per_pass=300)  # up to 19 copies: chunks of 15 inputs
    assert chunked == whole


def test_acdc_leaves_the_model_bit_for_bit_as_it_found_it(tracr_cases):
    case = tracr_cases["8"]
    before = weights_fingerprint(case.model)
    acdc(case, MethodSettings(sweep=(1e-3,)))
    assert weights_fingerprint(case.model) == before and next(case.model.parameters()).dtype == torch.float32


def test_survival_scores_are_the_largest_threshold_an_edge_survives():
    circuits = {0.0: frozenset("abc"), 0.1: frozenset("ab"), 1.0: frozenset("b"), 10.0: frozenset()}
    assert survival_scores(circuits, "abcd") == {"a": 0.1, "b": 1.0, "c": 0.0, "d": -1.0}


def test_the_sweep_carries_rank_metrics_from_its_survival_scores(tracr_cases):
    case = tracr_cases["8"]
    result = acdc(case, MethodSettings(sweep=(1e-6, 1e-3, 1.0)))
    metrics = evaluate(result, case.universe, case.ground_truth)
    assert metrics["kind"] == "sweep" and metrics["edge"]["pessimistic_auroc"] == pytest.approx(1.0)
    assert metrics["edge_from_scores"]["rank_auroc"] == pytest.approx(1.0)  # at 1e-6 exactly the truth survives
    assert "node_from_scores" in metrics


def test_an_unknown_path_option_is_refused(tracr_cases):
    with pytest.raises(ValueError, match="path must be 'fast' or 'reference'"):
        acdc(tracr_cases["8"], MethodSettings(sweep=(1.0,), options={"path": "quick"}))

"""The realism suite: the paper's comparison of SIIT, natural and tracr models of each case.

    pytest suites/test_realism.py --realism --cases=paper16 --report-html=realism.html

Opt-in (--realism), like the validity suite. One test per check and case; each measures every
kind of model the case has and records it (the report's `realism` list, the table at the end;
definitions in `interpbench_harness.realism`). A test fails only when a measurement cannot be
made; when a kind has no model it records the others and is skipped, naming the command that
trains the missing one. --samples sets the pairs of every check; ACDC is the slow one (one
stacked pass per edge and model kind), so --samples=200 makes a quick run.
"""

import os

import pytest

# torch and `interpbench_harness.realism` (TransformerLens) are imported in the fixture and the
# tests, not here, so that collecting the suites stays fast (benchmarks/test_bench_startup.py).


@pytest.fixture
def kinds(case_spec, interpbench_settings):
    """(the case under each kind that has a model, why each other kind has none)."""
    if not interpbench_settings.realism:
        pytest.skip("realism checks run with --realism")
    if not case_spec.supported:
        pytest.skip(f"case {case_spec.case_id} is unsupported: {case_spec.unsupported}")
    import torch

    from interpbench_harness.realism import load_kinds

    torch.set_num_threads(int(os.environ.get("INTERPBENCH_TORCH_THREADS", "1")))
    return load_kinds(case_spec, interpbench_settings.samples)


def _measure(kinds, measure):
    """`measure(case)` for every kind that has a model, with where that model came from."""
    cases, _ = kinds
    return {kind: {"model_origin": case.model_origin, "model_sha256": case.model_sha256, "pairs": len(case.clean),
                   **measure(case)} for kind, case in cases.items()}


def _record(record_realism_result, case_spec, check, kinds, measured, **extra):
    """Record the payload, then skip when a kind had no model, saying which and how to train it."""
    _, missing = kinds
    record_realism_result({"case": case_spec.case_id, "check": check, "kinds": measured, "missing": missing, **extra})
    if missing:
        pytest.skip(f"case {case_spec.case_id}, {check}: measured {', '.join(measured) or 'nothing'}; "
                    + " ".join(f"No {kind} model: {why}" for kind, why in missing.items()))


def test_node_effect(case_spec, kinds, record_realism_result):
    from interpbench_harness.realism import node_effects

    _record(record_realism_result, case_spec, "node_effect", kinds, _measure(kinds, node_effects))


def test_ground_truth_circuit_accuracy(case_spec, kinds, record_realism_result):
    from interpbench_harness.realism import ground_truth_accuracy

    _record(record_realism_result, case_spec, "ground_truth_accuracy", kinds, _measure(kinds, ground_truth_accuracy))


def test_weight_distributions(case_spec, kinds, record_realism_result):
    from interpbench_harness.realism import MAGNITUDE_EDGES, weight_histogram

    _record(record_realism_result, case_spec, "weights", kinds, _measure(kinds, lambda case: weight_histogram(case.model)),
            magnitude_edges=list(MAGNITUDE_EDGES))


def test_acdc_accuracy_curves(case_spec, kinds, record_realism_result, interpbench_settings):
    from interpbench_harness.realism import acdc_accuracy_curve, correlations_with_reference

    thresholds = interpbench_settings.sweep
    measured = _measure(kinds, lambda case: acdc_accuracy_curve(case, thresholds))
    curves = {kind: result["accuracy"] for kind, result in measured.items()}
    _record(record_realism_result, case_spec, "acdc", kinds, measured, thresholds=list(thresholds),
            correlation_with_natural=correlations_with_reference(curves))

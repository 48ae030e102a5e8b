"""Benchmarks of SIIT: training two fixed cases to the criteria, and one evaluation of a wide model.

    .venv/bin/python -m pytest benchmarks/test_bench_training.py --benchmark-json=benchmark-training.json

Case 8 is one MLP (categorical), case 3 an MLP and a head (regression), both small; case 15 is
the widest shipped tracr model (3 layers, d_model 149, d_mlp 596). Each run trains from
seed 0 until accuracy, IIA and strict accuracy all reach 99.5% on held-out pairs (one round:
the result is deterministic, the time is what varies). The reference, measured in the same
run, is a behaviour-only step on the same model (the `natural` recipe): `step_cost_ratio` is
how many behaviour-only steps one SIIT step costs, which noise on a shared machine cancels.
"""

import time

import pytest
import torch

from interpbench_harness.cases import registry
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.siit import TrainingSettings, train_siit
from interpbench_harness.store.policy import default_settings

REFERENCE_STEPS = 100  # behaviour-only steps timed as the reference
EVAL_SAMPLES = TrainingSettings().eval_samples  # as many pairs as training evaluates on


@pytest.mark.parametrize("case_id", ["8", "3", "15"])
def test_siit_training_to_the_criteria(benchmark, case_id):
    torch.set_num_threads(1)
    compiled = load_compiled_case(registry.get_case(case_id))
    histories = []

    def train():
        histories.append(train_siit(compiled, TrainingSettings(), progress=False)[1])

    benchmark.group = "siit training"
    benchmark.pedantic(train, rounds=1, iterations=1)
    history = histories[-1]
    siit_rate = history.steps_per_second
    reference = default_settings("natural").replace(max_steps=REFERENCE_STEPS, eval_every=10**9, target=2.0)
    natural_rate = train_siit(compiled, reference, progress=False)[1].steps_per_second
    benchmark.extra_info.update(
        converged=history.converged,
        steps=history.steps,
        seconds_to_criteria=round(history.seconds, 2),
        siit_steps_per_second=round(siit_rate, 2),
        behaviour_only_steps_per_second=round(natural_rate, 2),
        step_cost_ratio=round(natural_rate / siit_rate, 2),
    )
    assert history.converged


def test_evaluation_unpatched_passes(benchmark, monkeypatch):
    """One evaluation of a shipped model with wide heads (case 96: d_head 56, d_model 90).

    Per-head results cost in proportion to d_head x d_model, and the largest cases are wider
    still (case 81: d_head 56, d_model 134).

    The reference, in the same run, is the same evaluation with its two unpatched passes
    through TransformerLens's full forward (per-head results and split q/k/v inputs on), as
    before `run_unpatched`; `figures_identical` says whether both gave the same figures.
    """
    from interpbench_harness.siit import evaluation
    from interpbench_harness.store.resolution import resolve_model

    torch.set_num_threads(1)
    spec = registry.get_case("96")
    compiled, model = load_compiled_case(spec), resolve_model(spec).model
    evaluation.evaluate(compiled, model, n_samples=100)  # warm-up, so neither timing pays for first use
    results = []
    benchmark.group = "siit evaluation"
    benchmark.pedantic(
        lambda: results.append(evaluation.evaluate(compiled, model, n_samples=EVAL_SAMPLES)), rounds=1, iterations=1
    )
    seconds = benchmark.stats.stats.mean
    monkeypatch.setattr(evaluation, "run_unpatched", lambda model, ids: model(ids))
    started = time.perf_counter()
    reference = evaluation.evaluate(compiled, model, n_samples=EVAL_SAMPLES)
    reference_seconds = time.perf_counter() - started
    benchmark.extra_info.update(
        seconds=round(seconds, 2),
        full_forward_seconds=round(reference_seconds, 2),
        speedup=round(reference_seconds / seconds, 2),
        figures_identical=reference == results[-1],
    )
    assert reference == results[-1]

"""Benchmarks of SIIT: training fixed cases to the criteria, and evaluations of a wide and a deep model.

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


def _evaluation_against_reference(benchmark, monkeypatch, case_id, name, reference_function, reference_label):
    """Time one evaluation of the case's shipped model, then the same evaluation with
    `evaluation.<name>` replaced by `reference_function`; both must give the same figures."""
    from interpbench_harness.siit import evaluation
    from interpbench_harness.store.resolution import resolve_model

    torch.set_num_threads(1)
    spec = registry.get_case(case_id)
    compiled, model = load_compiled_case(spec), resolve_model(spec).model
    evaluation.evaluate(compiled, model, n_samples=100)  # warm-up, so neither timing pays for first use
    results = []
    benchmark.group = "siit evaluation"
    benchmark.pedantic(
        lambda: results.append(evaluation.evaluate(compiled, model, n_samples=EVAL_SAMPLES)), rounds=1, iterations=1
    )
    seconds = benchmark.stats.stats.mean
    monkeypatch.setattr(evaluation, name, reference_function)
    started = time.perf_counter()
    reference = evaluation.evaluate(compiled, model, n_samples=EVAL_SAMPLES)
    reference_seconds = time.perf_counter() - started
    benchmark.extra_info.update(
        {
            "seconds": round(seconds, 2),
            f"{reference_label}_seconds": round(reference_seconds, 2),
            "speedup": round(reference_seconds / seconds, 2),
            "figures_identical": reference == results[-1],
        }
    )
    assert reference == results[-1]


def test_evaluation_unpatched_passes(benchmark, monkeypatch):
    """One evaluation of a shipped model with wide heads (case 96: d_head 56, d_model 90).

    Per-head results cost in proportion to d_head x d_model, and the largest cases are wider
    still (case 81: d_head 56, d_model 134).

    The reference, in the same run, is the same evaluation with its two unpatched passes
    through TransformerLens's full forward (per-head results and split q/k/v inputs on), as
    before `run_unpatched`; `figures_identical` says whether both gave the same figures.
    (Both keep the block inputs that let each patched pass start at its node's layer.)
    """

    def full_forward(model, ids):  # `run_unpatched_with_layer_inputs` with the switches left on
        names = [f"blocks.{layer}.hook_resid_pre" for layer in range(model.cfg.n_layers)]
        with torch.no_grad():
            logits, cache = model.run_with_cache(ids, names_filter=lambda name: name in names)
        return logits, {layer: cache[name] for layer, name in enumerate(names)}

    _evaluation_against_reference(
        benchmark, monkeypatch, "96", "run_unpatched_with_layer_inputs", full_forward, "full_forward"
    )


def test_evaluation_patched_passes_start_at_their_layer(benchmark, monkeypatch):
    """One evaluation of case 2's shipped model (4 layers, d_model 111), each patched pass
    starting at its node's layer from the unpatched pass's block inputs.

    The reference, in the same run, is the same evaluation with every patched pass run from the
    embedding, as before `run_unpatched_with_layer_inputs`; `figures_identical` says whether
    both gave the same figures (they must: the skipped layers compute the same thing).
    """
    from interpbench_harness import ablation

    def from_the_embedding(model, clean_ids, corrupted_ids, nodes, corrupted=None, layer_inputs=None):
        return ablation.run_with_ablated_nodes(model, clean_ids, corrupted_ids, nodes, corrupted)

    _evaluation_against_reference(
        benchmark, monkeypatch, "2", "run_with_ablated_nodes", from_the_embedding, "from_the_embedding"
    )

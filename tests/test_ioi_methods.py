"""Every built-in method runs on an IOI case and is scored, as on a tracr case.

An untrained model of the IOI shape stands in for the shipped one (the figures of the trained
model are in the issue note and the main job); what is tested is that the methods accept the
case (its 6-layer universe, its answer-logit metric, its head-level ground truth).
"""

import dataclasses
import math

import pytest
import torch

from interpbench_harness import data
from interpbench_harness.benchmark_case import BenchmarkCase
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.graph import universe
from interpbench_harness.hooked_model import build_model
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

OPTIONS = {"sp": {"epochs": 3}, "edge_sp": {"epochs": 3}, "eap_ig": {"steps": 2}}


@pytest.fixture(scope="module")
def ioi_case():
    compiled = load_compiled_case(get_case("ioi_next_token"))
    torch.manual_seed(0)
    model = build_model(compiled.config)
    clean, corrupted = compiled.batch(24, data.CLEAN_SEED), compiled.corrupted_batch(24)
    n_layers, n_heads = model.cfg.n_layers, model.cfg.n_heads
    return BenchmarkCase(compiled.spec, "siit", model, clean, corrupted, compiled.labels(clean),
                         universe(n_layers, n_heads), universe(n_layers, n_heads, qkv=True),
                         compiled.ground_truth.embedded(n_layers))


@pytest.mark.parametrize("name", ["ground_truth", "random", "eap", "eap_ig", "acdc", "sp", "edge_sp"])
def test_each_method_runs_and_is_scored_on_ioi(ioi_case, name):
    method = load_methods()[name]
    settings = MethodSettings(options=OPTIONS.get(name, {}))
    if name == "acdc":
        settings = MethodSettings(sweep=(0.0, 0.1, 1.0))  # three thresholds: a run of seconds
    metrics = evaluate(method(ioi_case, settings), ioi_case.universe, ioi_case.ground_truth)
    auroc = headline_auroc(metrics, "edge")
    assert 0.0 <= auroc <= 1.0 and not math.isnan(auroc)
    if name == "ground_truth":
        assert auroc == 1.0


def test_eap_on_the_answer_logit_metric_equals_exact_patching_on_a_linear_model(ioi_case):
    """On IOI, EAP's gradient is the metric's own: where the model is affine, score = exact drop.

    Uniform attention and MLPs held in their linear region make every output affine in every
    edge's input, so each edge's EAP score must equal the exact answer-logit drop (summed over
    the scored positions) of patching that edge alone.
    """
    from interpbench_harness.ablation import run_with_ablated_edges

    config = dict(load_compiled_case(get_case("ioi_next_token")).config, n_layers=2, n_heads=2, d_head=8, d_mlp=4)
    model = build_model(config)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(0.15 * torch.randn(parameter.shape, generator=generator))
        for block in model.blocks:
            for parameter in (block.attn.W_Q, block.attn.W_K, block.attn.b_Q, block.attn.b_K):
                parameter.zero_()
            block.mlp.b_in.fill_(5.0)
            block.mlp.b_out.copy_(-block.mlp.b_in @ block.mlp.W_out)
    for batch in (ioi_case.clean, ioi_case.corrupted):
        _, cache = model.run_with_cache(batch.ids, names_filter=lambda name: name.endswith("mlp.hook_pre"))
        assert all(bool((a > 2.5).all()) for a in cache.values()), "an MLP left its linear region"
    case = dataclasses.replace(ioi_case, model=model, universe=universe(2, 2), universe_qkv=universe(2, 2, qkv=True))
    scores = load_methods()["eap"](case, MethodSettings()).scores
    with torch.no_grad():
        clean_logits = model(case.clean.ids)
    n_scored = int(case.clean.scored.sum())
    for edge in case.universe.sorted_edges():
        patched = run_with_ablated_edges(model, case.clean.ids, case.corrupted.ids, [edge])
        exact = float(case.metric(patched, clean_logits)) * n_scored
        assert scores[edge.name] == pytest.approx(exact, rel=1e-4, abs=1e-5), edge.name
    assert sum(abs(value) > 1e-3 for value in scores.values()) > len(scores) // 2, "too few edges matter to test"

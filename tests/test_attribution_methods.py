"""EAP, EAP-IG and activation patching: exactness where first order is exact, contract, sanity."""

import dataclasses
import math

import pytest
import torch

from interpbench_harness import data, graph
from interpbench_harness.ablation import run_with_ablated_edges
from interpbench_harness.benchmark_case import BenchmarkCase, load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.hooked_model import build_model
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

METHODS = load_methods()
ATTRIBUTION_METHODS = ("eap", "eap_ig", "activation_patching")
MLP_INPUT_BIAS = 5.0


@pytest.fixture(scope="module")
def benchmark_case():
    loaded = {}

    def load(case_id):
        if case_id not in loaded:
            loaded[case_id] = load_benchmark_case(get_case(case_id), "tracr")
        return loaded[case_id]

    return load


def _linear_model(config, scale=0.2):
    """Random weights made affine in every residual input: uniform attention, ReLU always on.

    The MLP input bias keeps pre-activations positive; the output bias cancels what it adds.
    """
    model = build_model(config)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(scale * torch.randn(parameter.shape, generator=generator))
        for block in model.blocks:
            for parameter in (block.attn.W_Q, block.attn.W_K, block.attn.b_Q, block.attn.b_K):
                parameter.zero_()
            block.mlp.b_in.fill_(MLP_INPUT_BIAS)
            block.mlp.b_out.copy_(-block.mlp.b_in @ block.mlp.W_out)
    return model


@pytest.fixture(scope="module", params=["causal", "bidirectional"])
def linear_case(benchmark_case, request):
    """Case 3's data on a linear model with two heads per layer, with either attention.

    Case 3 is a regression case, so EAP's loss is the summed output. With bidirectional
    attention, senders' outputs at the unscored BOS position reach the scored outputs, which
    EAP must count to stay exact. Its clean and corrupted data are the same 256 inputs in two
    orders (upstream enumerates small cases), so whole-batch sums would not move: the first 100
    rows of each are used.
    """
    config = dict(
        load_compiled_case(get_case("3")).config, n_heads=2, d_head=4, d_mlp=3, attention_dir=request.param
    )
    model = _linear_model(config)
    for batch in (benchmark_case("3").clean, benchmark_case("3").corrupted):
        _, cache = model.run_with_cache(batch.ids, names_filter=lambda name: name.endswith("mlp.hook_pre"))
        # Half the bias is margin for patched runs, which mix clean and corrupted inputs.
        assert all(bool((a > MLP_INPUT_BIAS / 2).all()) for a in cache.values()), "an MLP left its linear region"
    case = benchmark_case("3")
    rows = slice(0, 100)
    return dataclasses.replace(
        case,
        clean=data.TokenBatch(case.clean.ids[rows], case.clean.scored[rows]),
        corrupted=data.TokenBatch(case.corrupted.ids[rows], case.corrupted.scored[rows]),
        labels=case.labels[rows],
        model=model,
        universe=graph.universe(2, 2),
        universe_qkv=graph.universe(2, 2, qkv=True),
    )


def _summed_output(case, logits):
    return logits[..., 0][case.clean.scored].sum()


def test_eap_equals_exact_patching_on_a_linear_model(linear_case):
    case = linear_case
    scores = METHODS["eap"](case, MethodSettings()).scores
    with torch.no_grad():
        clean_total = _summed_output(case, case.model(case.clean.ids))
    for edge in case.universe.sorted_edges():
        patched = run_with_ablated_edges(case.model, case.clean.ids, case.corrupted.ids, [edge])
        exact = float(_summed_output(case, patched) - clean_total)
        assert scores[edge.name] == pytest.approx(exact, rel=1e-4, abs=2e-4), edge.name
    assert sum(abs(value) > 1e-2 for value in scores.values()) > len(scores) // 2, "too few edges matter to test"


def test_eap_on_the_answer_logit_metric_equals_exact_patching_on_a_linear_model():
    """On IOI, EAP's gradient is the metric's own: where the model is affine, score = exact drop.

    Each edge's EAP score must equal the exact answer-logit drop (summed over the scored
    positions) of patching that edge alone, on IOI data and a linear model of two layers.
    """
    compiled = load_compiled_case(get_case("ioi_next_token"))
    model = _linear_model(dict(compiled.config, n_layers=2, n_heads=2, d_head=8, d_mlp=4), scale=0.15)
    clean, corrupted = compiled.batch(24, data.CLEAN_SEED), compiled.corrupted_batch(24)
    for batch in (clean, corrupted):
        _, cache = model.run_with_cache(batch.ids, names_filter=lambda name: name.endswith("mlp.hook_pre"))
        assert all(bool((a > MLP_INPUT_BIAS / 2).all()) for a in cache.values()), "an MLP left its linear region"
    case = BenchmarkCase(compiled.spec, "siit", model, clean, corrupted, compiled.labels(clean),
                         graph.universe(2, 2), graph.universe(2, 2, qkv=True), compiled.ground_truth.embedded(2))
    scores = METHODS["eap"](case, MethodSettings()).scores
    with torch.no_grad():
        clean_logits = model(clean.ids)
    n_scored = int(clean.scored.sum())
    for edge in case.universe.sorted_edges():
        patched = run_with_ablated_edges(model, clean.ids, corrupted.ids, [edge])
        exact = float(case.metric(patched, clean_logits)) * n_scored
        assert scores[edge.name] == pytest.approx(exact, rel=1e-4, abs=1e-5), edge.name
    assert sum(abs(value) > 1e-3 for value in scores.values()) > len(scores) // 2, "too few edges matter to test"


def test_eap_ig_equals_eap_where_the_gradient_is_constant(linear_case):
    eap = METHODS["eap"](linear_case, MethodSettings()).scores
    eap_ig = METHODS["eap_ig"](linear_case, MethodSettings(options={"steps": 3})).scores
    for name, value in eap.items():
        assert eap_ig[name] == pytest.approx(value, rel=1e-4, abs=2e-4), name


@pytest.mark.parametrize("case_id", ["3", "8"])
def test_eap_ig_with_one_step_is_eap(benchmark_case, case_id):
    case = benchmark_case(case_id)
    one_step = METHODS["eap_ig"](case, MethodSettings(options={"steps": 1}))
    assert one_step == METHODS["eap"](case, MethodSettings())


def test_eap_ig_rejects_a_bad_step_count(benchmark_case):
    with pytest.raises(ValueError, match="positive integer"):
        METHODS["eap_ig"](benchmark_case("8"), MethodSettings(options={"steps": 0}))


@pytest.mark.parametrize("attribution_method", ATTRIBUTION_METHODS)
def test_scores_cover_the_universe_and_leave_the_model_as_found(linear_case, attribution_method):
    model = linear_case.model
    weights_before = {name: p.detach().clone() for name, p in model.named_parameters()}
    result = METHODS[attribution_method](linear_case, MethodSettings())
    assert set(result.scores) == {edge.name for edge in linear_case.universe.edges}
    assert all(isinstance(value, float) and math.isfinite(value) for value in result.scores.values())
    assert result.signed == (attribution_method != "activation_patching")
    temporary_hooks = [
        handle
        for hook_point in model.hook_dict.values()
        for handle in hook_point.fwd_hooks + hook_point.bwd_hooks
        if not handle.is_permanent
    ]
    assert temporary_hooks == []
    for name, parameter in model.named_parameters():
        assert torch.equal(parameter, weights_before[name]), name
        assert parameter.grad is None, f"{name} was left with a gradient"


@pytest.mark.parametrize("attribution_method", ATTRIBUTION_METHODS)
@pytest.mark.parametrize("case_id", ["3", "8"])  # regression, categorical
def test_ground_truth_edges_score_higher_on_compiled_cases(benchmark_case, case_id, attribution_method):
    case = benchmark_case(case_id)
    scores = METHODS[attribution_method](case, MethodSettings()).scores
    truth = {edge.name for edge in case.ground_truth.edges}
    in_truth = [abs(value) for name, value in scores.items() if name in truth]
    outside = [abs(value) for name, value in scores.items() if name not in truth]
    assert sum(in_truth) / len(in_truth) > sum(outside) / len(outside)


@pytest.mark.parametrize("method, settings, passes", [
    ("eap", MethodSettings(), (2, 1)),  # corrupted forward, clean forward, one backward
    ("eap_ig", MethodSettings(options={"steps": 4}), (5, 4)),  # corrupted forward, then one of each per step
])
def test_attribution_costs_the_passes_it_claims(benchmark_case, method, settings, passes):
    from interpbench_harness.cost import metered

    case = benchmark_case("3")
    with metered(case.model) as cost:
        METHODS[method](case, settings)
    assert (cost["forward_passes"], cost["backward_passes"]) == passes
    assert cost["forward_rows"] == passes[0] * case.clean.ids.shape[0]

"""Stacked ablation: each copy of the batch matches the plain one-pattern-per-run ablation."""

import pytest
import torch

from interpbench_harness.ablation import (
    node_values,
    run_unpatched,
    run_unpatched_with_layer_inputs,
    run_with_ablated_edges,
    run_with_ablated_nodes,
)
from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.masked_ablation import StackedEdgeAblation, StackedNodeAblation


@pytest.fixture(scope="module")
def case():
    return load_benchmark_case(get_case("8"), "siit", n_samples=40)


def test_each_copy_ablates_its_own_edges(case):
    edges = case.universe.sorted_edges()
    runner = StackedEdgeAblation(case, edges)
    patterns = [[], [0], [3, 7, 20], list(range(0, len(edges), 2))]
    ablate = torch.zeros(len(patterns), len(edges))
    for row, pattern in enumerate(patterns):
        ablate[row, pattern] = 1.0
    with torch.no_grad():
        stacked = runner.logits(ablate)
        for row, pattern in enumerate(patterns):
            expected = run_with_ablated_edges(case.model, case.clean.ids, case.corrupted.ids, [edges[i] for i in pattern])
            torch.testing.assert_close(stacked[row], expected, atol=1e-4, rtol=1e-4)


def test_a_partial_run_from_a_later_block_equals_the_full_run(case):
    edges = case.universe.sorted_edges()
    runner = StackedEdgeAblation(case, edges)
    late = [i for i, edge in enumerate(edges) if edge.receiver.layer >= 1]
    ablate = torch.zeros(2, len(edges))
    ablate[1, late[:5]] = 1.0
    with torch.no_grad():
        torch.testing.assert_close(runner.logits(ablate, start_layer=1), runner.logits(ablate), atol=1e-5, rtol=1e-5)


def test_each_copy_ablates_its_own_nodes_and_fractions_interpolate(case):
    nodes = sorted((n for n in case.universe.nodes if n.is_component), key=lambda n: n.order)
    runner = StackedNodeAblation(case, nodes)
    ablate = torch.zeros(3, len(nodes))
    ablate[1, [0, 2]] = 1.0
    ablate[2, len(nodes) - 1] = 1.0
    with torch.no_grad():
        stacked = runner.logits(ablate)
        torch.testing.assert_close(stacked[0], case.model(case.clean.ids), atol=1e-5, rtol=1e-5)
        for row, chosen in ((1, [nodes[0], nodes[2]]), (2, [nodes[-1]])):
            expected = run_with_ablated_nodes(case.model, case.clean.ids, case.corrupted.ids, chosen)
            torch.testing.assert_close(stacked[row], expected, atol=1e-4, rtol=1e-4)


def test_gradients_reach_the_ablation_weights(case):
    edges = case.universe.sorted_edges()
    ablate = torch.full((2, len(edges)), 0.5, requires_grad=True)
    logits = StackedEdgeAblation(case, edges).logits(ablate, rows=torch.arange(10))
    assert logits.shape[:2] == (2, 10)
    (logits ** 2).sum().backward()
    assert ablate.grad is not None and bool((ablate.grad != 0).any())


def test_a_head_patched_at_z_equals_its_result_patched(case):
    """Node patching goes through `hook_z`; it must equal patching the head's own output."""
    model, clean, corrupted = case.model, case.clean.ids, case.corrupted.ids
    heads = [n for n in case.universe.nodes if n.kind.name == "HEAD"]
    with torch.no_grad():
        changed = 0
        for head in heads:
            name = f"blocks.{head.layer}.attn.hook_result"
            _, cache = model.run_with_cache(corrupted, names_filter=lambda hook_name: hook_name == name)

            def patch(activation, hook):
                activation = activation.clone()
                activation[:, :, head.head] = cache[name][:, :, head.head]
                return activation

            expected = model.run_with_hooks(clean, fwd_hooks=[(name, patch)])
            torch.testing.assert_close(run_with_ablated_nodes(model, clean, corrupted, [head]), expected, atol=1e-5, rtol=1e-5)
            changed += not torch.allclose(expected, model(clean), atol=1e-4)
    assert changed > 0, "no head's patch changed the output, so the comparison shows nothing"


def test_an_unpatched_run_equals_the_full_forward_and_restores_the_switches(case):
    """The evaluation's unpatched passes skip per-head results; the logits must not change."""
    model, clean = case.model, case.clean.ids
    switches = (model.cfg.use_attn_result, model.cfg.use_split_qkv_input)
    with torch.no_grad():
        torch.testing.assert_close(run_unpatched(model, clean), model(clean), atol=1e-5, rtol=1e-5)
    assert (model.cfg.use_attn_result, model.cfg.use_split_qkv_input) == switches == (True, True)


def test_a_node_patch_started_at_its_layer_equals_the_full_pass_bit_for_bit():
    """SIIT evaluation starts each patched pass at the node's layer; its figures must not move.

    Case 2's shipped model: 4 layers, on inputs of varying length as in training, so the PAD
    mask is exercised.
    """
    deep = load_benchmark_case(get_case("2"), "siit", n_samples=60)
    compiled = load_compiled_case(get_case("2"))
    model = deep.model
    clean, corrupted = (compiled.batch(60, seed, variable_length=True).ids for seed in (42, 43))
    assert bool((clean == model.pad_token_id).any()), "no PAD in the inputs, so the mask goes untested"
    nodes = sorted((n for n in deep.universe.nodes if n.is_component), key=lambda n: n.order)
    assert {n.layer for n in nodes} == set(range(model.cfg.n_layers))
    logits, layer_inputs = run_unpatched_with_layer_inputs(model, clean)
    assert torch.equal(logits, run_unpatched(model, clean))
    values = node_values(model, corrupted, nodes)
    changed = 0
    with torch.no_grad():
        for chosen in [[n] for n in nodes] + [[nodes[-1], nodes[len(nodes) // 2]]]:
            full = run_with_ablated_nodes(model, clean, corrupted, chosen, values)
            assert torch.equal(run_with_ablated_nodes(model, clean, corrupted, chosen, values, layer_inputs), full), chosen
            changed += not torch.equal(full, logits)
    assert changed > len(nodes) // 2, "few patches changed the logits, so the comparison shows little"
    embed = next(n for n in deep.universe.nodes if n.kind.name == "INPUT")
    expected = run_with_ablated_nodes(model, clean, corrupted, [embed, nodes[-1]])
    assert torch.equal(run_with_ablated_nodes(model, clean, corrupted, [embed, nodes[-1]], layer_inputs=layer_inputs), expected)

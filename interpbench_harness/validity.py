"""Behavioural checks that a ground-truth circuit is the circuit the model really uses.

Two measurements under resample ablation (clean seed 42, corrupted seed 43, lengths from the
case's minimum to its maximum, so that anything computed from the length can differ):
- sufficiency: ablate every edge outside the ground truth (at Q/K/V granularity) and every
  node outside it; the outputs must not change;
- necessity: ablate each ground-truth head or MLP alone; the output must change on some input.
  Two kinds of ground-truth node need more than that, and the report names them:
  - a node that matters only on inputs shorter than the case's minimum (case 127's length head
    feeds `1 if n > 1 else 0`, constant from 2 tokens on) counts when resampling it changes the
    output on uniformly drawn inputs of any length from one token;
  - a node that reads positions only (upstream's programs have such Maps on `indices`) has the
    same value in every input of a length, so no resample ablation can move it; it counts when
    zeroing its output changes the output.
"""

from __future__ import annotations

from typing import Dict, List

import torch

from interpbench_harness import data
from interpbench_harness.ablation import node_values, run_with_ablated_edges, run_with_ablated_nodes
from interpbench_harness.cases.spec import OutputKind


def _changed(reference: torch.Tensor, logits: torch.Tensor, scored: torch.Tensor, categorical: bool):
    """Per input: whether any scored position's output changed."""
    if categorical:
        differs = reference.argmax(-1) != logits.argmax(-1)
    else:
        differs = (reference[..., 0] - logits[..., 0]).abs() > 1e-4
    return (differs & scored).any(dim=1)


def check_ground_truth(compiled, model=None, n_samples: int = 500) -> Dict[str, object]:
    """Measured sufficiency and necessity of `compiled.ground_truth_qkv` on `model`."""
    model = model if model is not None else compiled.model()
    clean = compiled.batch(n_samples, data.CLEAN_SEED, variable_length=True)
    corrupted = compiled.batch(n_samples, data.CORRUPTED_SEED, variable_length=True)
    n = min(len(clean), len(corrupted))
    clean_ids, corrupted_ids, scored = clean.ids[:n], corrupted.ids[:n], clean.scored[:n]
    categorical = compiled.spec.output_kind is OutputKind.CATEGORICAL
    with torch.no_grad():
        reference = model(clean_ids)

    truth = compiled.ground_truth_qkv
    universe = compiled.universe(qkv=True)
    outside_edges = universe.edges - truth.edges
    outside_nodes = [node for node in universe.nodes - truth.nodes if node.is_component]
    without_edges = run_with_ablated_edges(model, clean_ids, corrupted_ids, outside_edges)
    without_nodes = run_with_ablated_nodes(model, clean_ids, corrupted_ids, outside_nodes)
    short = None  # (clean, corrupted, reference) on inputs of any length, built when first needed
    necessity, short_inputs, zeroing = {}, {}, {}
    for node in sorted(truth.nodes):
        if not node.is_component:
            continue
        ablated = run_with_ablated_nodes(model, clean_ids, corrupted_ids, [node])
        necessity[node.name] = float(_changed(reference, ablated, scored, categorical).float().mean())
        if necessity[node.name] > 0.0:
            continue
        if short is None:
            short_clean, short_corrupted = _any_length_pair(compiled, n_samples)
            with torch.no_grad():
                short = (short_clean, short_corrupted, model(short_clean.ids))
        short_clean, short_corrupted, short_reference = short
        ablated = run_with_ablated_nodes(model, short_clean.ids, short_corrupted.ids, [node])
        short_inputs[node.name] = float(_changed(short_reference, ablated, short_clean.scored, categorical).float().mean())
        if short_inputs[node.name] > 0.0:
            continue
        zeros = {node: torch.zeros_like(node_values(model, clean_ids, [node])[node])}
        zeroed = run_with_ablated_nodes(model, clean_ids, clean_ids, [node], zeros)
        zeroing[node.name] = float(_changed(reference, zeroed, scored, categorical).float().mean())
    return {
        "inputs": n,
        "outside_edges": len(outside_edges),
        "outside_nodes": len(outside_nodes),
        "changed_by_outside_edges": float(_changed(reference, without_edges, scored, categorical).float().mean()),
        "changed_by_outside_nodes": float(_changed(reference, without_nodes, scored, categorical).float().mean()),
        "changed_by_each_truth_node": necessity,
        "changed_on_inputs_of_any_length": short_inputs,
        "changed_by_zeroing_nodes_resampling_cannot_move": zeroing,
    }


def _any_length_pair(compiled, n_samples: int):
    """Clean and corrupted batches of uniform inputs of every length from one token up."""
    vocab = sorted(compiled.spec.vocab)
    max_len = compiled.spec.max_seq_len
    return tuple(
        data.encode(data.random_sequences(vocab, n_samples, 2, max_len, data.Draws.seeded(seed)),
                    compiled.token_to_id, max_len)
        for seed in (data.CLEAN_SEED, data.CORRUPTED_SEED)
    )


def ground_truth_problems(report: Dict[str, object]) -> List[str]:
    """What a `check_ground_truth` report shows to be wrong; empty when the circuit holds."""
    problems = []
    if report["changed_by_outside_edges"] > 0:
        problems.append(
            f"ablating the {report['outside_edges']} edges outside the ground truth changed "
            f"{report['changed_by_outside_edges']:.1%} of outputs"
        )
    if report["changed_by_outside_nodes"] > 0:
        problems.append(
            f"ablating the {report['outside_nodes']} nodes outside the ground truth changed "
            f"{report['changed_by_outside_nodes']:.1%} of outputs"
        )
    rescues = (report.get("changed_on_inputs_of_any_length", {}),
               report.get("changed_by_zeroing_nodes_resampling_cannot_move", {}))
    silent = [name for name, share in report["changed_by_each_truth_node"].items()
              if share == 0.0 and all(rescue.get(name, 0.0) == 0.0 for rescue in rescues)]
    if silent:
        problems.append(f"ground-truth nodes whose ablation never changes the output: {silent}")
    return problems

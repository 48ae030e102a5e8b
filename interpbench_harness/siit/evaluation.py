"""Whether a low-level (LL) model implements a compiled case's algorithm: the SIIT criteria.

The compiled tracr model is the high-level (HL) model. Each ground-truth head (L, h) and MLP L
maps to the same head or MLP of the LL model; a node is patched by replacing its output
(through `blocks.L.attn.hook_z` at the head, or `blocks.L.hook_mlp_out`) with its output on a
source input. Three measures, each over scored positions only (never BOS or PAD):

- accuracy: the LL output matches the HL label on the base input;
- IIA: with one aligned node patched from source in both models, the LL output matches the
  HL one (mean over aligned nodes);
- strict accuracy: with one LL node outside the circuit patched from source, the LL output
  still matches the base label (mean over those nodes).

Categorical outputs match when the argmax agrees, numerical ones within `TOLERANCE`. By default
the base inputs are the harness's clean data (seed 42) and the sources its corrupted data
(seed 43), the same pairs circuit-discovery methods are scored on; training passes its own
validation pairs instead.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Iterable, List, Optional

import torch

from interpbench_harness import data
from interpbench_harness.ablation import node_values, run_unpatched_with_layer_inputs, run_with_ablated_nodes
from interpbench_harness.graph import Node, universe

TOLERANCE = 0.05  # numerical outputs closer than this count as equal, as upstream


def aligned_nodes(compiled) -> List[Node]:
    """The ground truth's heads and MLPs: each is its own image in the LL model."""
    return [n for n in compiled.ground_truth.sorted_nodes() if n.is_component]


def model_nodes(model) -> List[Node]:
    """Every head and MLP of a HookedTransformer."""
    return [n for n in universe(model.cfg.n_layers, model.cfg.n_heads).sorted_nodes() if n.is_component]


def non_circuit_nodes(compiled, ll_model) -> List[Node]:
    """The LL heads and MLPs no HL node maps to: strict training makes them irrelevant."""
    aligned = set(aligned_nodes(compiled))
    return [n for n in model_nodes(ll_model) if n not in aligned]


def predictions(logits: torch.Tensor, regression: bool) -> torch.Tensor:
    return logits[..., 0] if regression else logits.argmax(dim=-1)


def matches(predicted: torch.Tensor, expected: torch.Tensor, regression: bool) -> torch.Tensor:
    if regression:
        return (predicted - expected).abs() < TOLERANCE
    return predicted == expected


def scored_mean(values: torch.Tensor, scored: torch.Tensor) -> float:
    return float(values[scored].float().mean())


@dataclasses.dataclass(frozen=True)
class HighLevelReference:
    """The HL model's predictions on (base, source) pairs: the labels, and each aligned node's
    patched output. Training evaluates on the same pairs every time, so it computes these once."""

    labels: torch.Tensor
    patched: Dict[Node, torch.Tensor]


def high_level_reference(compiled, base: data.TokenBatch, source: data.TokenBatch, hl_model=None) -> HighLevelReference:
    regression = compiled.spec.is_regression
    hl_model = hl_model if hl_model is not None else compiled.model()
    aligned = aligned_nodes(compiled)
    with torch.no_grad():
        hl_logits, hl_inputs = run_unpatched_with_layer_inputs(hl_model, base.ids)
        hl_sources = node_values(hl_model, source.ids, aligned)
        patched = {
            node: predictions(
                run_with_ablated_nodes(hl_model, base.ids, source.ids, [node], hl_sources, hl_inputs), regression
            )
            for node in aligned
        }
    return HighLevelReference(predictions(hl_logits, regression), patched)


def evaluate(
    compiled,
    ll_model,
    n_samples: int = data.DEFAULT_SAMPLES,
    seed: int = data.CLEAN_SEED,
    base: Optional[data.TokenBatch] = None,
    source: Optional[data.TokenBatch] = None,
    hl_model=None,
    hl_reference: Optional[HighLevelReference] = None,
) -> Dict[str, object]:
    """Accuracy, IIA, strict accuracy and each LL node's resample effect.

    Base inputs come from `seed` and sources from `seed + 1` (42 and 43 by default) unless
    `base` and `source` are given; they pair up row by row. A node's resample effect is the
    fraction of scored positions whose LL prediction changes when that node alone is patched
    from source; it is reported for every LL head and MLP, circuit or not. `hl_reference`, if
    given, must come from `high_level_reference` on the same `base` and `source`.
    """
    regression = compiled.spec.is_regression
    if base is None or source is None:
        base = compiled.batch(n_samples, seed, variable_length=True)
        source = compiled.batch(n_samples, seed + 1, variable_length=True)
    if hl_reference is None:
        hl_reference = high_level_reference(compiled, base, source, hl_model)
    scored, labels = base.scored, hl_reference.labels
    aligned = aligned_nodes(compiled)
    ll_nodes = model_nodes(ll_model)
    outside = non_circuit_nodes(compiled, ll_model)
    with torch.no_grad():
        ll_logits, ll_inputs = run_unpatched_with_layer_inputs(ll_model, base.ids)
        ll_clean = predictions(ll_logits, regression)
        ll_sources = node_values(ll_model, source.ids, ll_nodes)
        ll_patched = {
            node: predictions(
                run_with_ablated_nodes(ll_model, base.ids, source.ids, [node], ll_sources, ll_inputs), regression
            )
            for node in ll_nodes
        }
    iia_per_node = {
        node.name: scored_mean(matches(ll_patched[node], hl_reference.patched[node], regression), scored)
        for node in aligned
    }
    strict_per_node = {n.name: scored_mean(matches(ll_patched[n], labels, regression), scored) for n in outside}
    effect = {n.name: 1.0 - scored_mean(matches(ll_patched[n], ll_clean, regression), scored) for n in ll_nodes}
    return {
        "accuracy": scored_mean(matches(ll_clean, labels, regression), scored),
        "iia": _mean(iia_per_node.values(), empty=1.0),
        "strict_accuracy": _mean(strict_per_node.values(), empty=1.0),
        "iia_per_node": iia_per_node,
        "strict_accuracy_per_node": strict_per_node,
        "resample_effect": effect,
        "mean_non_circuit_effect": _mean([effect[n.name] for n in outside], empty=0.0),
    }


def _mean(values: Iterable[float], empty: float) -> float:
    """The mean, or `empty` when there is nothing to average (a model with every node in the
    circuit, such as a compiled one, passes the strict test vacuously)."""
    values = list(values)
    return sum(values) / len(values) if values else empty

"""ACDC (Conmy et al. 2023): prune edges whose resample ablation barely moves the output.

Receivers are visited in reverse topological order (output first), each one's incoming edges
from the latest sender back. An edge is removed when ablating it, on top of every edge removed
so far, raises the metric (KL from the clean output for categorical cases, squared error for
regression) by less than the threshold; it is kept otherwise. Ablation is resampling from the
corrupted batch. One run per threshold of the sweep, one patched forward pass per edge: this is
the plain reference path, kept for checking faster ones.
"""

from __future__ import annotations

from typing import FrozenSet

import torch

from interpbench_harness.ablation import corrupted_outputs, run_with_ablated_edges
from interpbench_harness.methods.contract import MethodSettings, Sweep
from interpbench_harness.methods.registry import register


def acdc_kept_edges(case, threshold: float, corrupted=None, clean_logits=None) -> FrozenSet[str]:
    """The names of the edges ACDC keeps at `threshold`."""
    model, clean_ids, corrupted_ids = case.model, case.clean.ids, case.corrupted.ids
    edges = case.universe.sorted_edges()
    if clean_logits is None:
        with torch.no_grad():
            clean_logits = model(clean_ids)
    if corrupted is None:
        corrupted = corrupted_outputs(model, corrupted_ids, {edge.sender for edge in edges})
    order = sorted(edges, key=lambda e: (e.receiver.order, e.sender.order), reverse=True)
    removed = []
    current = 0.0  # nothing ablated: the clean output itself
    for edge in order:
        logits = run_with_ablated_edges(model, clean_ids, corrupted_ids, removed + [edge], corrupted)
        candidate = float(case.metric(logits, clean_logits))
        if candidate - current < threshold:
            removed.append(edge)
            current = candidate
    removed_names = {edge.name for edge in removed}
    return frozenset(edge.name for edge in edges if edge.name not in removed_names)


@register("acdc")
def acdc(case, settings: MethodSettings) -> Sweep:
    """ACDC at every sweep value used as the threshold."""
    with torch.no_grad():
        clean_logits = case.model(case.clean.ids)
    corrupted = corrupted_outputs(case.model, case.corrupted.ids, {edge.sender for edge in case.universe.edges})
    return Sweep({threshold: acdc_kept_edges(case, threshold, corrupted, clean_logits) for threshold in settings.sweep})

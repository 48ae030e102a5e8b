"""Built-in exact activation patching: what the attribution methods approximate.

Each edge is scored by the case metric (KL, or squared error for regression) between the clean
output and the output with that one edge resample-ablated. It is exact and expensive by
design: one patched run per edge.
"""

from __future__ import annotations

import torch

from interpbench_harness.ablation import corrupted_outputs, run_with_ablated_edges
from interpbench_harness.methods.contract import DiscoveryCase, EdgeScores, MethodSettings
from interpbench_harness.methods.registry import register


@register("activation_patching", returns=EdgeScores, signed=False)
def activation_patching(case: DiscoveryCase, settings: MethodSettings) -> EdgeScores:
    """How far ablating each single edge moves the output from the clean one."""
    model, clean_ids, corrupted_ids = case.model, case.clean.ids, case.corrupted.ids
    edges = case.universe.sorted_edges()
    with torch.no_grad():
        clean_logits = model(clean_ids)
    corrupted = corrupted_outputs(model, corrupted_ids, {edge.sender for edge in edges})
    scores = {
        edge.name: float(case.metric(run_with_ablated_edges(model, clean_ids, corrupted_ids, [edge], corrupted), clean_logits))
        for edge in edges
    }
    return EdgeScores(scores, signed=False)

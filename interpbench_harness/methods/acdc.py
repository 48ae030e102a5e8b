"""ACDC (Conmy et al. 2023): prune edges whose resample ablation barely moves the output.

Receivers are visited in reverse topological order (output first), each one's incoming edges
from the latest sender back. An edge is removed when ablating it, on top of every edge removed
so far, raises the metric (KL from the clean output for categorical cases, squared error for
regression) by less than the threshold; it is kept otherwise. Ablation is resampling from the
corrupted batch.

Two paths give the same circuits:

- `acdc_kept_edges`, the reference: one threshold, one patched forward pass per edge. Plain, for
  reading and for checking the other.
- `acdc_sweep`, the fast path: every threshold of the sweep walks the edges together. At each
  edge, thresholds whose removed sets are the same share one candidate, and so do those whose
  sets differ only in edges into nodes that no longer reach the output. A candidate that cannot
  change the logits (its receiver no longer reaches the output, or its sender's output is the
  same on both inputs) is decided without a run: its change is 0. The other candidates are run
  together by `acdc_downstream.DownstreamRuns`, which recomputes only the receiver and what lies
  after it, from the clean run's cached activations (nothing upstream of the receiver has been
  ablated yet), over chunks of the inputs of at most `ROWS_PER_PASS` copies x inputs.

Both run the model in float64 (converted in place and back, which is exact). In float32 the
metric change of an edge with no effect at all is rounding noise of either sign, which decides
such an edge at threshold 0 by chance and differently in a batched pass; in float64 the noise
is far below every nonzero threshold, and a change within `NUMERICAL_ZERO` counts as zero, so
at threshold 0 such edges are kept, as they are in exact arithmetic. Any device with float64
runs it (the CPU, CUDA GPUs); MPS has no float64, so ACDC refuses it with a message.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, FrozenSet, List, Literal, Mapping, Sequence

import torch

from interpbench_harness.ablation import corrupted_outputs, model_device, run_with_ablated_edges
from interpbench_harness.graph import Edge
from interpbench_harness.hooked_model import computing_in
from interpbench_harness.methods.acdc_downstream import DownstreamRuns
from interpbench_harness.methods.contract import DiscoveryCase, MethodSettings, Sweep
from interpbench_harness.methods.registry import register

NUMERICAL_ZERO = 1e-12  # a float64 metric change this small is rounding, not an effect
ROWS_PER_PASS = 2048  # copies x inputs in one pass: bounds memory and keeps a pass in cache


def _removable(candidate: float, current: float, threshold: float) -> bool:
    change = candidate - current
    return (0.0 if abs(change) <= NUMERICAL_ZERO else change) < threshold


def _check_float64(model) -> None:
    device = model_device(model)
    if device.type == "mps":
        raise RuntimeError(f"ACDC computes in float64 (see interpbench_harness.methods.acdc), which {device} does not "
                           "support; run acdc with --device=cpu or on a CUDA GPU")


def _visit_order(case: DiscoveryCase) -> List[Edge]:
    """Receivers output-first; within a receiver, the latest sender first."""
    return sorted(case.universe.edges, key=lambda e: (e.receiver.order, e.sender.order), reverse=True)


def acdc_kept_edges(case: DiscoveryCase, threshold: float) -> FrozenSet[str]:
    """The reference path: the names of the edges ACDC keeps at `threshold`."""
    model, clean_ids, corrupted_ids = case.model, case.clean.ids, case.corrupted.ids
    _check_float64(model)
    with computing_in(model, torch.float64), torch.no_grad():
        clean_logits = model(clean_ids)
        corrupted = corrupted_outputs(model, corrupted_ids, {edge.sender for edge in case.universe.edges})
        removed: List[Edge] = []
        current = 0.0  # nothing ablated: the clean output itself
        for edge in _visit_order(case):
            logits = run_with_ablated_edges(model, clean_ids, corrupted_ids, removed + [edge], corrupted)
            candidate = float(case.metric(logits, clean_logits))
            if _removable(candidate, current, threshold):
                removed.append(edge)
                current = candidate
    removed_names = {edge.name for edge in removed}
    return frozenset(edge.name for edge in case.universe.edges if edge.name not in removed_names)


def acdc_sweep(
    case: DiscoveryCase, thresholds: Sequence[float], rows_per_pass: int = ROWS_PER_PASS
) -> Dict[float, FrozenSet[str]]:
    """The fast path: the edges kept at each threshold, all thresholds in one walk over the edges.

    A pass holds at most `rows_per_pass` rows (copies x inputs); beyond that the inputs are
    split into chunks and the metric, a mean over scored positions, is put together from the
    chunks' means weighted by their scored positions.
    """
    _check_float64(case.model)
    thresholds = list(thresholds)
    order = _visit_order(case)
    removed = {t: frozenset() for t in thresholds}  # edge indices removed so far, per threshold
    current = {t: 0.0 for t in thresholds}  # metric with those removed
    with computing_in(case.model, torch.float64), torch.no_grad():
        runs = DownstreamRuns(case, order, rows_per_pass)
        for position, edge in enumerate(order):
            keys = {
                removed_set: runs.key(removed_set | {position})
                for removed_set in set(removed.values())
                if not runs.changes_nothing(position, removed_set)
            }
            distinct = sorted(set(keys.values()), key=sorted)
            candidates = dict(zip(distinct, runs.metrics(edge.receiver, distinct)))
            for threshold in thresholds:
                key = keys.get(removed[threshold])
                candidate = current[threshold] if key is None else candidates[key]  # None: no change
                if _removable(candidate, current[threshold], threshold):
                    removed[threshold] = removed[threshold] | {position}
                    current[threshold] = candidate
            runs.retain(edge.receiver, list(removed.values()))
    return {t: frozenset(order[i].name for i in range(len(order)) if i not in removed[t]) for t in thresholds}


def survival_scores(circuits: Mapping[float, FrozenSet[str]], edge_names) -> Dict[str, float]:
    """Per edge, the largest sweep value at which it is kept; one below the smallest if never kept."""
    never = min(circuits) - 1.0
    return {name: max((t for t, kept in circuits.items() if name in kept), default=never) for name in edge_names}


@dataclasses.dataclass(frozen=True)
class AcdcOptions:
    path: Literal["fast", "reference"] = dataclasses.field(default="fast", metadata={
        "help": "fast: all thresholds in one walk; reference: one patched forward per edge and threshold"})

    def __post_init__(self) -> None:
        if self.path not in ("fast", "reference"):
            raise ValueError(f"path must be 'fast' or 'reference', got {self.path!r}")


@register("acdc", options=AcdcOptions, returns=Sweep, signed=False)
def acdc(case: DiscoveryCase, settings: MethodSettings) -> Sweep:
    """ACDC at every sweep value used as the threshold, with per-edge survival scores.

    Option `path="reference"` runs the one-pass-per-edge-and-threshold path.
    """
    if AcdcOptions(**settings.options).path == "fast":
        circuits = acdc_sweep(case, settings.sweep)
    else:
        circuits = {threshold: acdc_kept_edges(case, threshold) for threshold in settings.sweep}
    return Sweep(circuits, edge_scores=survival_scores(circuits, [edge.name for edge in case.universe.edges]))

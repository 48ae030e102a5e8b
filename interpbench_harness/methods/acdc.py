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
  edge, the thresholds whose removed sets are still identical share one candidate; the distinct
  candidates are stacked along the batch and evaluated in one masked forward pass, which starts
  at the receiver's block from the cached clean residual stream (nothing upstream of the
  receiver has been ablated yet). One pass per edge for the whole sweep instead of one per edge
  and threshold.

Both run the model in float64 (converted in place and back, which is exact). In float32 the
metric change of an edge with no effect at all is rounding noise of either sign, around 1e-7,
close to the sweep's smallest thresholds; a change within `NUMERICAL_ZERO` counts as zero, so
at threshold 0 such edges are kept, as they are in exact arithmetic.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, FrozenSet, List, Mapping, Sequence, Tuple

import torch

from interpbench_harness.ablation import corrupted_outputs, receiver_hooks, run_with_ablated_edges, sender_hook
from interpbench_harness.graph import Edge
from interpbench_harness.hooked_model import computing_in
from interpbench_harness.methods.contract import MethodSettings, Sweep
from interpbench_harness.methods.registry import register

NUMERICAL_ZERO = 1e-12  # a float64 metric change this small is rounding, not an effect


def _removable(candidate: float, current: float, threshold: float) -> bool:
    change = candidate - current
    return (0.0 if abs(change) <= NUMERICAL_ZERO else change) < threshold


def _visit_order(case) -> List[Edge]:
    """Receivers output-first; within a receiver, the latest sender first."""
    return sorted(case.universe.edges, key=lambda e: (e.receiver.order, e.sender.order), reverse=True)


def acdc_kept_edges(case, threshold: float) -> FrozenSet[str]:
    """The reference path: the names of the edges ACDC keeps at `threshold`."""
    model, clean_ids, corrupted_ids = case.model, case.clean.ids, case.corrupted.ids
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


class _MaskedEdgeRun:
    """Forward passes where each stacked copy of the clean batch has its own set of ablated edges.

    Copy d of the clean batch ablates the edges whose entry in `masks[d]` is 1: at each receiver
    hook it subtracts, per ablated edge, the sender's current output minus its corrupted one
    (the receiver's input is a plain sum of sender outputs: no LayerNorm). Per hook, a table of
    edge indices [sender, head] turns the masks into weights, and one einsum applies them all.
    """

    def __init__(self, case, edges: Sequence[Edge]):
        self.case, self.model = case, case.model
        n_layers, n_edges = self.model.cfg.n_layers, len(edges)
        senders = sorted({edge.sender for edge in edges}, key=lambda node: node.order)
        self.corrupted = corrupted_outputs(self.model, case.corrupted.ids, senders)
        self.clean = corrupted_outputs(self.model, case.clean.ids, senders)  # the same read-out, clean input
        self.sender_hooks = {node: sender_hook(node) for node in senders}
        residual_names = [f"blocks.{layer}.hook_resid_pre" for layer in range(n_layers)]
        _, cache = self.model.run_with_cache(case.clean.ids, names_filter=lambda name: name in residual_names)
        self.clean_residual = [cache[name] for name in residual_names]
        # Per receiver hook: its senders and a table [sender, head] of edge indices; n_edges
        # (a column of zeros appended to the masks) where that sender does not feed that head.
        entries: Dict[str, Dict[Tuple[object, "int | None"], int]] = defaultdict(dict)
        for index, edge in enumerate(edges):
            for name, head in receiver_hooks(edge):
                entries[name][(edge.sender, head)] = index
        self.tables: Dict[str, Tuple[List[object], torch.Tensor, bool]] = {}
        for name, by_key in entries.items():
            hook_senders = sorted({sender for sender, _ in by_key}, key=lambda node: node.order)
            per_head = any(head is not None for _, head in by_key)
            heads = range(self.model.cfg.n_heads) if per_head else [None]
            table = torch.tensor([[by_key.get((sender, head), n_edges) for head in heads] for sender in hook_senders])
            self.tables[name] = (hook_senders, table, per_head)

    def logits(self, masks: torch.Tensor, start_layer: int = 0) -> torch.Tensor:
        """Logits [n_masks, batch, pos, out] for masks [n_masks, n_edges] of 0/1.

        The run starts at block `start_layer` from the clean residual stream: correct when no
        masked edge feeds a receiver in an earlier block (then everything there is clean).
        """
        clean_ids = self.case.clean.ids
        batch, copies = clean_ids.shape[0], masks.shape[0]
        padded = torch.cat([masks.to(torch.float64), torch.zeros(copies, 1, dtype=torch.float64)], dim=1)
        stack = lambda output: output.repeat(copies, *[1] * (output.dim() - 1))  # noqa: E731
        corrupted = {node: stack(output) for node, output in self.corrupted.items()}
        current = {node: stack(output) for node, output in self.clean.items() if node.layer < start_layer}

        def record(node):
            def hook(activation, hook):
                _, head = self.sender_hooks[node]
                current[node] = activation if head is None else activation[:, :, head]
                return activation

            return hook

        def patch(hook_name):
            hook_senders, table, per_head = self.tables[hook_name]
            weights = padded[:, table]  # [copies, sender, head]
            active = [i for i in range(len(hook_senders)) if bool(weights[:, i].any())]

            def hook(activation, hook):
                if not active:
                    return activation
                changes = torch.stack([current[hook_senders[i]] - corrupted[hook_senders[i]] for i in active])
                changes = changes.view(len(active), copies, batch, *changes.shape[2:])  # [s, c, b, pos, d]
                used = weights[:, active]
                if per_head:
                    delta = torch.einsum("csh,scbpd->cbphd", used, changes)
                else:
                    delta = torch.einsum("cs,scbpd->cbpd", used[:, :, 0], changes)
                return activation - delta.reshape(activation.shape)

            return hook

        fwd_hooks = [(self.sender_hooks[node][0], record(node)) for node in self.sender_hooks]
        fwd_hooks += [(name, patch(name)) for name in sorted(self.tables)]
        ids = clean_ids.repeat(copies, 1)
        with torch.no_grad():
            if start_layer == 0:
                logits = self.model.run_with_hooks(ids, fwd_hooks=fwd_hooks)
            else:
                logits = self.model.run_with_hooks(stack(self.clean_residual[start_layer]), start_at_layer=start_layer,
                                                   tokens=ids, fwd_hooks=fwd_hooks)
        return logits.view(copies, batch, *logits.shape[1:])


def acdc_sweep(case, thresholds: Sequence[float]) -> Dict[float, FrozenSet[str]]:
    """The fast path: the edges kept at each threshold, all thresholds in one walk over the edges."""
    thresholds = list(thresholds)
    order = _visit_order(case)
    index_of = {edge.name: i for i, edge in enumerate(order)}
    removed = {t: frozenset() for t in thresholds}  # edge indices removed so far, per threshold
    current = {t: 0.0 for t in thresholds}  # metric with those removed
    with computing_in(case.model, torch.float64), torch.no_grad():
        clean_logits = case.model(case.clean.ids)
        runner = _MaskedEdgeRun(case, order)
        for position in range(len(order)):
            distinct = sorted(set(removed.values()), key=sorted)
            masks = torch.zeros(len(distinct), len(order))
            for row, removed_set in enumerate(distinct):
                masks[row, list(removed_set | {position})] = 1.0
            start_layer = min(order[position].receiver.layer, case.model.cfg.n_layers - 1)
            logits = runner.logits(masks, start_layer)
            candidates = {removed_set: float(case.metric(logits[row], clean_logits))
                          for row, removed_set in enumerate(distinct)}
            for threshold in thresholds:
                candidate = candidates[removed[threshold]]
                if _removable(candidate, current[threshold], threshold):
                    removed[threshold] = removed[threshold] | {position}
                    current[threshold] = candidate
    return {t: frozenset(e.name for e in case.universe.edges if index_of[e.name] not in removed[t]) for t in thresholds}


def survival_scores(circuits: Mapping[float, FrozenSet[str]], edge_names) -> Dict[str, float]:
    """Per edge, the largest sweep value at which it is kept; one below the smallest if never kept."""
    never = min(circuits) - 1.0
    return {name: max((t for t, kept in circuits.items() if name in kept), default=never) for name in edge_names}


@register("acdc")
def acdc(case, settings: MethodSettings) -> Sweep:
    """ACDC at every sweep value used as the threshold, with per-edge survival scores.

    `settings.options["path"] = "reference"` runs the one-pass-per-edge-and-threshold path.
    """
    path = settings.options.get("path", "fast")
    if path == "fast":
        circuits = acdc_sweep(case, settings.sweep)
    elif path == "reference":
        circuits = {threshold: acdc_kept_edges(case, threshold) for threshold in settings.sweep}
    else:
        raise ValueError(f"acdc option path must be 'fast' or 'reference', got {path!r}")
    return Sweep(circuits, edge_scores=survival_scores(circuits, [edge.name for edge in case.universe.edges]))

"""Many ablation patterns in one forward pass: the clean batch stacked once per pattern.

Copy c of the clean batch ablates item i by the fraction `ablate[c, i]` (0 = clean, 1 = fully
resample-ablated from the corrupted batch; in between, as a subnetwork-probing mask gives). ACDC
evaluates its candidate edge sets this way, SP and edge SP train their masks for every lambda of
the sweep at once, and gradients flow to `ablate` when it requires them.

- Edges (`StackedEdgeAblation`): the receiver's input loses `ablate * (current - corrupted)` of
  the sender's output. Exact because the models have no LayerNorm: a receiver's input is the
  plain sum of its senders' outputs.
- Nodes (`StackedNodeAblation`): the node's output becomes `current - ablate * (current - corrupted)`.

Per hook, a table of item indices turns `ablate` into weights and one einsum applies them.
A head's output is read at `hook_z` and multiplied by its W_O here, and a head is ablated at
`hook_z`: the same numbers as TransformerLens's per-head `hook_result`, without the per-head
result tensor that makes a pass several times slower on wide models (`attention_switches`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

import torch

from interpbench_harness.ablation import model_device, node_hook, node_values, receiver_hooks, select_head
from interpbench_harness.graph import Edge, Node, NodeKind
from interpbench_harness.hooked_model import attention_switches


def output_of(model, node: Node, value: torch.Tensor) -> torch.Tensor:
    """A sender's output from what `node_hook` holds (a head's z, [batch, pos, d_head], times its W_O)."""
    if node.kind is NodeKind.HEAD:
        return value @ model.W_O[node.layer, node.head]
    return value


def sender_outputs(
    model, ids: torch.Tensor, senders: Sequence[Node], also: Sequence[str] = ()
) -> Tuple[Dict[Node, torch.Tensor], Dict[str, torch.Tensor]]:
    """Each sender's output on `ids` ([batch, pos, d_model]) and the hooks named in `also`, from one lean pass."""
    names = {node_hook(node)[0] for node in senders} | set(also)
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        _, cache = model.run_with_cache(ids, names_filter=lambda name: name in names)
        outputs = {node: output_of(model, node, select_head(cache[node_hook(node)[0]], node_hook(node)[1])) for node in senders}
    return outputs, {name: cache[name] for name in also}


def _stack(output: torch.Tensor, copies: int) -> torch.Tensor:
    return output.repeat(copies, *[1] * (output.dim() - 1))


def _picker(rows: "torch.Tensor | None"):
    """Selects the given batch rows of a [batch, ...] tensor, or all of them."""
    return (lambda tensor: tensor) if rows is None else (lambda tensor: tensor[rows])


def _per_head_table(entries: Dict[Tuple[Node, "int | None"], int], n_heads: int, missing: int, device: torch.device):
    """Rows per sender, columns per head (one column when the hook has no head axis), on `device`."""
    senders = sorted({sender for sender, _ in entries}, key=lambda node: node.order)
    per_head = any(head is not None for _, head in entries)
    heads = range(n_heads) if per_head else [None]
    table = torch.tensor([[entries.get((sender, head), missing) for head in heads] for sender in senders], device=device)
    return senders, table, per_head


class StackedEdgeAblation:
    """Edge ablation with one pattern per stacked copy of the clean batch."""

    def __init__(self, case, edges: Sequence[Edge]):
        self.case, self.model = case, case.model
        self.n_edges = len(edges)
        n_layers = self.model.cfg.n_layers
        senders = sorted({edge.sender for edge in edges}, key=lambda node: node.order)
        residual_names = [f"blocks.{layer}.hook_resid_pre" for layer in range(n_layers)]
        self.corrupted, _ = sender_outputs(self.model, case.corrupted.ids, senders)
        self.clean, residuals = sender_outputs(self.model, case.clean.ids, senders, also=residual_names)
        self.clean_residual = [residuals[name] for name in residual_names]  # where a partial run starts
        self.clean_change = {node: self.clean[node] - self.corrupted[node] for node in senders}
        self.sender_hooks = {node: node_hook(node) for node in senders}
        entries: Dict[str, Dict[Tuple[Node, "int | None"], int]] = defaultdict(dict)
        for index, edge in enumerate(edges):
            for name, head in receiver_hooks(edge):
                entries[name][(edge.sender, head)] = index
        # Index n_edges points at a column of zeros appended to `ablate`: that sender does not feed that head.
        device = model_device(self.model)
        self.tables = {name: _per_head_table(e, self.model.cfg.n_heads, self.n_edges, device) for name, e in entries.items()}

    def logits(self, ablate: torch.Tensor, start_layer: int = 0, rows: "torch.Tensor | None" = None) -> torch.Tensor:
        """Logits [copies, batch, pos, out] for `ablate` [copies, n_edges] (on `rows` of the batch if given).

        The run starts at block `start_layer` from the clean residual stream: correct when no
        ablated edge feeds a receiver in an earlier block (then everything there is clean).
        """
        pick = _picker(rows)
        clean_ids = pick(self.case.clean.ids)
        batch, copies = clean_ids.shape[0], ablate.shape[0]
        padded = torch.cat([ablate, ablate.new_zeros(copies, 1)], dim=1)
        # Senders before the start block are clean in every copy: their change is computed
        # once, [batch, ...], and broadcast over the copies. The others are recorded per copy.
        upstream = {node for node in self.clean if node.layer < start_layer}
        change: Dict[Node, torch.Tensor] = {}  # per live sender: its output now minus corrupted, [copy, batch, ...]
        stacked: Dict[Tuple[bool, Tuple[Node, ...]], torch.Tensor] = {}  # the latest stacks only (see stack_of)

        def record(node):
            def hook(activation, hook):
                output = output_of(self.model, node, select_head(activation, self.sender_hooks[node][1]))
                change[node] = output.view(copies, batch, *output.shape[1:]) - pick(self.corrupted[node])
                return activation

            return hook

        def stack_of(senders: Tuple[Node, ...], live: bool) -> torch.Tensor:
            """The senders' changes stacked; kept while consecutive hooks (a layer's q, k and v
            inputs) ask for the same list, then dropped, so memory holds one stack per kind."""
            if (live, senders) not in stacked:
                for key in [key for key in stacked if key[0] == live]:
                    del stacked[key]
                parts = [change[node] if live else pick(self.clean_change[node]) for node in senders]
                stacked[(live, senders)] = torch.stack(parts)
            return stacked[(live, senders)]

        def patch(hook_name):
            hook_senders, table, per_head = self.tables[hook_name]
            weights = padded[:, table]  # [copies, sender, head]
            if not ablate.requires_grad and not bool(weights.detach().ne(0).any()):
                return None  # nothing ablated into this receiver in any copy: no hook at all
            # All of the hook's senders take part, ablated or not (weight 0), so the receivers
            # that share a sender list (a layer's q, k and v inputs) share one stack.
            groups = []
            for is_live in (False, True):
                indices = [i for i in range(len(hook_senders)) if (hook_senders[i] not in upstream) == is_live]
                if indices:
                    groups.append((tuple(hook_senders[i] for i in indices), weights[:, indices], is_live))

            def weighted(used, changes, copy_axis):
                """Sum over senders of weight x change; `changes` is [sender, (copy,) batch, pos, d]."""
                c = "c" if copy_axis else ""
                if per_head:
                    return torch.einsum(f"csh,s{c}bpd->cbphd", used, changes)
                return torch.einsum(f"cs,s{c}bpd->cbpd", used[:, :, 0], changes)

            def hook(activation, hook):
                delta = 0
                for senders, used, is_live in groups:
                    delta = delta + weighted(used, stack_of(senders, live=is_live), copy_axis=is_live)
                return activation - delta.reshape(activation.shape)

            return hook

        fwd_hooks = [(self.sender_hooks[node][0], record(node)) for node in self.sender_hooks if node not in upstream]
        patches = {name: patch(name) for name in sorted(self.tables)}
        fwd_hooks += [(name, hook) for name, hook in patches.items() if hook is not None]
        ids = clean_ids.repeat(copies, 1)
        with attention_switches(self.model, per_head_results=False, split_qkv_inputs=True):
            if start_layer == 0:
                logits = self.model.run_with_hooks(ids, fwd_hooks=fwd_hooks)
            else:
                residual = _stack(pick(self.clean_residual[start_layer]), copies)
                logits = self.model.run_with_hooks(residual, start_at_layer=start_layer, tokens=ids, fwd_hooks=fwd_hooks)
        return logits.view(copies, batch, *logits.shape[1:])


class StackedNodeAblation:
    """Node ablation (heads and MLPs) with one pattern per stacked copy of the clean batch."""

    def __init__(self, case, nodes: Sequence[Node]):
        if any(node.kind not in (NodeKind.HEAD, NodeKind.MLP) for node in nodes):
            raise ValueError("only heads and MLPs can be ablated as nodes")
        self.case, self.model = case, case.model
        self.n_nodes = len(nodes)
        self.corrupted = node_values(self.model, case.corrupted.ids, nodes)  # z for heads
        entries: Dict[str, Dict[Tuple[Node, "int | None"], int]] = defaultdict(dict)
        for index, node in enumerate(nodes):
            name, head = node_hook(node)
            entries[name][(node, head)] = index
        self.tables: Dict[str, Tuple[List[Node], torch.Tensor, bool]] = {}
        for name, by_key in entries.items():
            keys = sorted(by_key, key=lambda key: key[1] if key[1] is not None else -1)
            table = torch.tensor([by_key[key] for key in keys], device=model_device(self.model))
            self.tables[name] = ([node for node, _ in keys], table, keys[0][1] is not None)

    def logits(self, ablate: torch.Tensor, rows: "torch.Tensor | None" = None) -> torch.Tensor:
        """Logits [copies, batch, pos, out] for `ablate` [copies, n_nodes] (on `rows` of the batch if given)."""
        pick = _picker(rows)
        clean_ids = pick(self.case.clean.ids)
        batch, copies = clean_ids.shape[0], ablate.shape[0]

        def patch(hook_name):
            nodes, table, per_head = self.tables[hook_name]
            weights = ablate[:, table]  # [copies, node]
            if per_head:  # hook_z [rows, pos, head, d_head]: only the listed heads change
                corrupted = torch.stack([pick(self.corrupted[node]) for node in nodes], dim=2)
                index = torch.tensor([node.head for node in nodes], device=corrupted.device)
            else:
                corrupted = pick(self.corrupted[nodes[0]])

            def hook(activation, hook):
                rows = activation.view(copies, batch, *activation.shape[1:])
                if not per_head:
                    return (rows - weights[:, 0].view(copies, 1, 1, 1) * (rows - corrupted)).reshape(activation.shape)
                listed = rows[:, :, :, index]  # [copy, batch, pos, listed head, d]
                patched = listed - weights[:, None, None, :, None] * (listed - corrupted)
                return rows.index_copy(3, index, patched).reshape(activation.shape)

            return hook

        fwd_hooks = [(name, patch(name)) for name in sorted(self.tables)]
        with attention_switches(self.model, per_head_results=False, split_qkv_inputs=False):
            logits = self.model.run_with_hooks(clean_ids.repeat(copies, 1), fwd_hooks=fwd_hooks)
        return logits.view(copies, batch, *logits.shape[1:])

"""Resample ablation of nodes and edges: run on clean inputs with some parts fed corrupted ones.

A node is ablated by replacing its output with its output on the corrupted input. An edge
sender -> receiver is ablated by giving the receiver, for that one sender, the sender's
corrupted output instead of its current one: since the models have no LayerNorm, a receiver's
input is the sum of its senders' outputs, so the patch is `input - current + corrupted`.
Edges into a head may name a port (q, k or v); an edge without a port feeds all three.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, Iterable, List, Tuple

import torch

from interpbench_harness.graph import Edge, Node, NodeKind, Port
from interpbench_harness.hooked_model import attention_switches


def model_device(model) -> torch.device:
    """Where the model's weights are: where tensors built to work with it belong."""
    return next(model.parameters()).device


def sender_hook(node: Node) -> Tuple[str, "int | None"]:
    """The hook holding a sender's output and, for heads, the head index."""
    if node.kind is NodeKind.INPUT:
        return node.name, None
    if node.kind is NodeKind.HEAD:
        return f"blocks.{node.layer}.attn.hook_result", node.head
    if node.kind is NodeKind.MLP:
        return node.name, None
    raise ValueError(f"{node} sends nothing: the output node is not a sender")


def receiver_hooks(edge: Edge) -> List[Tuple[str, "int | None"]]:
    """The hooks holding the receiver's input for this edge (three for a promoted head edge)."""
    node = edge.receiver
    if node.kind is NodeKind.HEAD:
        ports = [edge.port] if edge.port is not None else list(Port)
        return [(f"blocks.{node.layer}.hook_{p.value}_input", node.head) for p in ports]
    if node.kind is NodeKind.MLP:
        return [(f"blocks.{node.layer}.hook_mlp_in", None)]
    if node.kind is NodeKind.OUTPUT:
        return [(node.name, None)]
    raise ValueError(f"{node} receives nothing: the input node is not a receiver")


def select_head(activation: torch.Tensor, head: "int | None") -> torch.Tensor:
    """One head's slice of a [batch, pos, head, ...] activation, or the whole activation (head None)."""
    return activation if head is None else activation[:, :, head]


def corrupted_outputs(model, corrupted_ids: torch.Tensor, senders: Iterable[Node]) -> Dict[Node, torch.Tensor]:
    """Each sender's output (in the residual stream) on the corrupted input, for edge patching."""
    hooks = {sender_hook(s)[0] for s in senders}
    with torch.no_grad():
        _, cache = model.run_with_cache(corrupted_ids, names_filter=lambda name: name in hooks)
    return {s: select_head(cache[sender_hook(s)[0]], sender_hook(s)[1]) for s in senders}


def node_hook(node: Node) -> Tuple[str, "int | None"]:
    """Where a node is patched: a head at `hook_z`, which fixes its output (z times its W_O)."""
    if node.kind is NodeKind.HEAD:
        return f"blocks.{node.layer}.attn.hook_z", node.head
    return sender_hook(node)


def node_values(model, ids: torch.Tensor, nodes: Iterable[Node]) -> Dict[Node, torch.Tensor]:
    """Each node's value at its `node_hook` on `ids`, for `run_with_ablated_nodes`."""
    nodes = list(nodes)
    hooks = {node_hook(n)[0] for n in nodes}
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        _, cache = model.run_with_cache(ids, names_filter=lambda name: name in hooks)
    return {n: select_head(cache[node_hook(n)[0]], node_hook(n)[1]) for n in nodes}


def run_unpatched(model, ids) -> torch.Tensor:
    """Logits with nothing patched, on the same path as `run_with_ablated_nodes`.

    That path skips TransformerLens's per-head results and split q/k/v inputs, which cost in
    proportion to d_head x d_model: with them, the two unpatched passes of one SIIT evaluation
    on case 81 (d_head 56, d_model 134) took 19 s against 25 s for its twenty patched passes.
    On one path, a patch that changes nothing also changes no logit, not even by rounding.
    """
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        return model(ids)


def run_unpatched_with_layer_inputs(model, ids) -> Tuple[torch.Tensor, Dict[int, torch.Tensor]]:
    """`run_unpatched`'s logits, and each block's input (`blocks.L.hook_resid_pre`) on the way.

    A patched run changes nothing before its first patched layer, so given these inputs
    `run_with_ablated_nodes` starts there and gives the same logits bit for bit. Evaluating
    every node one at a time that way skips about half the layers of a deep model. A model
    without TransformerLens blocks (IOI's high-level model) gives no inputs, and its patched
    passes run whole.
    """
    names = {f"blocks.{layer}.hook_resid_pre": layer for layer in range(model.cfg.n_layers)
             if f"blocks.{layer}.hook_resid_pre" in model.hook_dict}
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        logits, cache = model.run_with_cache(ids, names_filter=lambda name: name in names)
    return logits, {layer: cache[name] for name, layer in names.items()}


def run_with_ablated_nodes(
    model, clean_ids, corrupted_ids, nodes: Iterable[Node], corrupted: "Dict[Node, torch.Tensor] | None" = None,
    layer_inputs: "Dict[int, torch.Tensor] | None" = None,
) -> torch.Tensor:
    """Logits on the clean input with each node's output taken from the corrupted input.

    `corrupted` may hold the nodes' corrupted values (from `node_values`) when many runs share
    them; otherwise they are computed here. Heads are patched at `hook_z`, so the pass runs
    without TransformerLens's per-head results, which are slow on wide models. `layer_inputs`
    (from `run_unpatched_with_layer_inputs` on `clean_ids`) lets a pass that patches only heads
    and MLPs start at the earliest layer it patches.
    """
    nodes = list(nodes)
    if corrupted is None:
        corrupted = node_values(model, corrupted_ids, nodes)

    def patch(node):
        def hook(activation, hook):
            _, head = node_hook(node)
            activation = activation.clone()
            if head is None:
                activation[:] = corrupted[node]
            else:
                activation[:, :, head] = corrupted[node]
            return activation

        return hook

    fwd_hooks = [(node_hook(node)[0], patch(node)) for node in nodes]
    start = None
    if layer_inputs and nodes and all(n.is_component for n in nodes):
        start = min(n.layer for n in nodes)
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        if start is None:
            return model.run_with_hooks(clean_ids, fwd_hooks=fwd_hooks)
        return model.run_with_hooks(layer_inputs[start], start_at_layer=start, tokens=clean_ids, fwd_hooks=fwd_hooks)


def run_with_ablated_edges(
    model, clean_ids, corrupted_ids, edges: Iterable[Edge], corrupted: "Dict[Node, torch.Tensor] | None" = None
) -> torch.Tensor:
    """Logits on the clean input with each listed edge fed the sender's corrupted output.

    `corrupted` may hold the senders' corrupted outputs (from `corrupted_outputs`) when many
    single-edge runs share them; otherwise they are computed here.
    """
    edges = list(edges)
    senders = {e.sender for e in edges}
    if corrupted is None:
        corrupted = corrupted_outputs(model, corrupted_ids, senders)
    current: Dict[Node, torch.Tensor] = {}
    ablated_by_hook: Dict[Tuple[str, "int | None"], List[Node]] = defaultdict(list)
    for edge in edges:
        for hook_key in receiver_hooks(edge):
            ablated_by_hook[hook_key].append(edge.sender)

    def record(node):
        def hook(activation, hook):
            current[node] = select_head(activation, sender_hook(node)[1])
            return activation

        return hook

    def patch(hook_name):
        def hook(activation, hook):
            activation = activation.clone()
            for (name, head), ablated in ablated_by_hook.items():
                if name != hook_name:
                    continue
                delta = sum(current[s] - corrupted[s] for s in ablated)
                if head is None:
                    activation -= delta
                else:
                    activation[:, :, head] -= delta
            return activation

        return hook

    fwd_hooks = [(sender_hook(s)[0], record(s)) for s in senders]
    fwd_hooks += [(name, patch(name)) for name in sorted({name for name, _ in ablated_by_hook})]
    with torch.no_grad():
        return model.run_with_hooks(clean_ids, fwd_hooks=fwd_hooks)

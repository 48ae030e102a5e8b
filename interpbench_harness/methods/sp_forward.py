"""The fast path of subnetwork probing: the masked model as a hand-written forward over its weights.

`StackedNodeAblation` and `StackedEdgeAblation` (in `masked_ablation`) give SP its masked logits
through TransformerLens hooks; that is the reference path. Here the same numbers come from a
forward pass written out over the model's weights (the models have no LayerNorm and standard
positions; attention masks causal and PAD keys as `hooked_model.PadMaskedTransformer` does), with
every copy of the batch kept on its own axis, `[copy, head, row, pos, ...]`, so that:

- what does not depend on the masks is computed once per row, before training: the embedding,
  every node's output on the corrupted input, and for node SP the whole of layer 0's attention
  on the clean input (its heads read the embedding only), reduced to each head's output;
- an edge into a head is applied once for its q, k and v inputs when the three share a mask
  (the promoted universe);
- a receiver's input is the residual minus one batched product of its senders' mask weights
  and their changes (output now minus corrupted output), stacked once per layer;
- there are no hooks, no per-pass copies of the residual per head and no einops.

The output still goes through the model's own `unembed`, so the cost meter counts every pass.
Float reordering makes the logits differ from the hooked path in the last bits (about 1e-7
relative); see `tests/test_subnetwork_probing.py` and `benchmarks/test_bench_sp.py` for the
kept sets and AUROCs of both paths.
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

import torch

from interpbench_harness.ablation import model_device, receiver_hooks
from interpbench_harness.graph import Edge, Node, NodeKind
from interpbench_harness.hooked_model import attention_switches

_PORTS = ("q", "k", "v")


class _Weights:
    """The model's weights per layer, detached, in the layouts this forward uses."""

    def __init__(self, model):
        cfg = model.cfg
        if (getattr(cfg, "normalization_type", None) is not None or cfg.positional_embedding_type != "standard"
                or getattr(cfg, "attn_only", False)):
            raise ValueError("the fast SP forward needs a model without LayerNorm, with standard positions and MLPs"
                             " (path='reference' runs any TransformerLens model)")
        self.model = model
        self.n_layers, self.n_heads, self.d_head = cfg.n_layers, cfg.n_heads, cfg.d_head
        self.causal = cfg.attention_dir == "causal"
        self.pad_token_id = getattr(model, "pad_token_id", None)
        self.layers = []
        with torch.no_grad():
            for block in model.blocks:
                attn, mlp = block.attn, block.mlp
                # TransformerLens divides the scores by the attention scale; here q is divided instead,
                # once, through W_Q and b_Q (the same up to rounding).
                self.layers.append({
                    "W_Q": attn.W_Q.detach() / attn.attn_scale, "W_K": attn.W_K.detach(), "W_V": attn.W_V.detach(),
                    "b_Q": attn.b_Q.detach() / attn.attn_scale, "b_K": attn.b_K.detach(), "b_V": attn.b_V.detach(),
                    "W_O": attn.W_O.detach(), "b_O": attn.b_O.detach(),
                    "W_in": mlp.W_in.detach(), "b_in": mlp.b_in.detach(),
                    "W_out": mlp.W_out.detach(), "b_out": mlp.b_out.detach(),
                    "act": mlp.act_fn,
                })

    def key_mask(self, ids: torch.Tensor) -> torch.Tensor:
        """[row, pos, pos] True where a query may not read a key (later position when causal, PAD)."""
        n_pos = ids.shape[-1]
        masked = torch.zeros(ids.shape[0], n_pos, n_pos, dtype=torch.bool, device=ids.device)
        if self.causal:
            masked = masked | torch.ones(n_pos, n_pos, dtype=torch.bool, device=ids.device).triu(1)
        if self.pad_token_id is not None:
            masked = masked | (ids == self.pad_token_id)[:, None, :]
        if bool(masked.all(-1).any()):
            raise ValueError("a query position reads no key at all (a row without a leading BOS?)")
        return masked

    def attend(self, layer: int, q, k, v, key_mask: torch.Tensor) -> torch.Tensor:
        """z [..., row, pos, d_head] from q, k, v of that shape (one head per leading index); key_mask [row, pos, pos]."""
        scores = (q @ k.transpose(-1, -2)).masked_fill(key_mask, float("-inf"))  # q is pre-scaled (see __init__)
        # The softmax over a short last axis is slow on CPU (about 10x for 10 positions): it runs
        # with the key axis first instead, over a contiguous copy, and the product reads it transposed.
        pattern = torch.softmax(scores.movedim(-1, 0).contiguous(), dim=0)
        return pattern.movedim(0, -1) @ v

    def shared_qkv(self, layer: int, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """q, k, v [head, ..., row, pos, d_head] from one input x [..., row, pos, d_model] to every head.

        Three products with the input broadcast over the heads (no copy), so each comes out
        head-first and contiguous: no transposed copy for the attention products, and no
        concatenation of q, k and v gradients in the backward pass.
        """
        w = self.layers[layer]
        flat = x.reshape(1, -1, x.shape[-1]).expand(self.n_heads, -1, -1)
        return tuple(torch.baddbmm(w[f"b_{key}"][:, None, :], flat, w[f"W_{key}"]).view(self.n_heads, *x.shape[:-1], -1)
                     for key in "QKV")

    def project(self, layer: int, x: torch.Tensor, port: str) -> torch.Tensor:
        """One of q, k, v [copy, head, row, pos, d_head] from per-head inputs x [copy, head, row, pos, d_model]."""
        w = self.layers[layer]
        key = port.upper()
        out = x.flatten(-3, -2) @ w[f"W_{key}"] + w[f"b_{key}"][:, None, :]
        return out.unflatten(-2, x.shape[-3:-1])

    def mlp(self, layer: int, x: torch.Tensor) -> torch.Tensor:
        """The MLP's output on x [..., d_model] (TransformerLens's fused addmm, then its activation)."""
        w = self.layers[layer]
        flat = x.reshape(-1, x.shape[-1])
        hidden = w["act"](torch.addmm(w["b_in"], flat, w["W_in"]))
        return torch.addmm(w["b_out"], hidden, w["W_out"]).view(x.shape)

    def head_outputs(self, layer: int, z: torch.Tensor) -> torch.Tensor:
        """Each head's output z @ W_O [..., head, row, pos, d_model] from z [..., head, row, pos, d_head]."""
        w = self.layers[layer]["W_O"]
        return (z.flatten(-3, -2) @ w).unflatten(-2, z.shape[-3:-1])

    def summed_head_outputs(self, layer: int, z: torch.Tensor) -> torch.Tensor:
        """The attention's output [..., row, pos, d_model] (b_O included) from head-first z [head, ..., row, pos, d_head]."""
        w = self.layers[layer]
        per_head = torch.bmm(z.reshape(self.n_heads, -1, self.d_head), w["W_O"])
        return (per_head.sum(0) + w["b_O"]).view(*z.shape[1:-1], -1)

    def unembed(self, residual: torch.Tensor) -> torch.Tensor:
        """Logits [copy, row, pos, out] through the model's own unembed (which the cost meter watches)."""
        copies, rows = residual.shape[:2]
        logits = self.model.unembed(residual.reshape(copies * rows, *residual.shape[2:]))
        return logits.view(copies, rows, *logits.shape[1:])


def _unablated_run(model, ids: torch.Tensor, n_layers: int):
    """Embedding, each layer's z and MLP output on `ids`, in one unhooked TransformerLens pass."""
    names = {"blocks.0.hook_resid_pre"} | {f"blocks.{layer}.attn.hook_z" for layer in range(n_layers)}
    names |= {f"blocks.{layer}.hook_mlp_out" for layer in range(n_layers)}
    with torch.no_grad(), attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        _, cache = model.run_with_cache(ids, names_filter=lambda name: name in names)
    embedding = cache["blocks.0.hook_resid_pre"]
    # z as [head, row, pos, d_head]
    z = [cache[f"blocks.{layer}.attn.hook_z"].permute(2, 0, 1, 3).contiguous() for layer in range(n_layers)]
    mlp = [cache[f"blocks.{layer}.hook_mlp_out"] for layer in range(n_layers)]
    return embedding, z, mlp


class FastNodeAblation:
    """Node SP's masked logits: heads ablated at z, MLPs at their output, by `ablate` per copy."""

    def __init__(self, case, nodes: Sequence[Node]):
        if any(node.kind not in (NodeKind.HEAD, NodeKind.MLP) for node in nodes):
            raise ValueError("only heads and MLPs can be ablated as nodes")
        self.w = _Weights(case.model)
        n_layers, n_heads = self.w.n_layers, self.w.n_heads
        device = model_device(case.model)
        self.n_nodes = len(nodes)
        index = {node: i for i, node in enumerate(nodes)}
        missing = self.n_nodes  # a column of zeros appended to `ablate`: not ablated
        self.head_index = torch.tensor([[index.get(Node(NodeKind.HEAD, layer, head), missing) for head in range(n_heads)]
                                        for layer in range(n_layers)], device=device)
        self.mlp_index = torch.tensor([index.get(Node(NodeKind.MLP, layer), missing) for layer in range(n_layers)],
                                      device=device)
        self.ids = case.clean.ids.to(device)
        self.key_mask = self.w.key_mask(self.ids)
        embedding, clean_z, _ = _unablated_run(case.model, self.ids, n_layers)
        _, self.corrupted_z, self.corrupted_mlp = _unablated_run(case.model, case.corrupted.ids.to(device), n_layers)
        with torch.no_grad():
            # Layer 0's heads read the embedding only: their clean and corrupted outputs are fixed.
            clean_out = self.w.head_outputs(0, clean_z[0])  # [head, row, pos, d_model]
            corrupted_out = self.w.head_outputs(0, self.corrupted_z[0])
            self.first_change = clean_out - corrupted_out
            self.first_residual = embedding + clean_out.sum(0) + self.w.layers[0]["b_O"]  # after layer 0's attention

    def logits(self, ablate: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        """Logits [copies, rows, pos, out] for `ablate` [copies, n_nodes] on those rows of the batch."""
        w, copies = self.w, ablate.shape[0]
        padded = torch.cat([ablate, ablate.new_zeros(copies, 1)], dim=1)
        mask = self.key_mask[rows]
        change = self.first_change[:, rows]
        residual = self.first_residual[rows] - torch.einsum("ch,hbpd->cbpd", padded[:, self.head_index[0]], change)
        for layer in range(w.n_layers):
            if layer > 0:
                z = w.attend(layer, *w.shared_qkv(layer, residual), mask)  # [head, copy, row, pos, d_head]
                weight = padded[:, self.head_index[layer]].T[:, :, None, None, None]
                z = z - weight * (z - self.corrupted_z[layer][:, None, rows])
                residual = residual + w.summed_head_outputs(layer, z)
            out = w.mlp(layer, residual)
            weight = padded[:, self.mlp_index[layer]][:, None, None, None]
            residual = residual + (out - weight * (out - self.corrupted_mlp[layer][rows]))
        return w.unembed(residual)


class FastEdgeAblation:
    """Edge SP's masked logits: a receiver's input loses `ablate` x (sender now - sender corrupted) per edge."""

    def __init__(self, case, edges: Sequence[Edge]):
        self.w = _Weights(case.model)
        n_layers, n_heads = self.w.n_layers, self.w.n_heads
        device = model_device(case.model)
        self.n_edges = len(edges)
        # Senders in stacking order: the input, then per layer its heads and its MLP.
        senders: List[Node] = [Node(NodeKind.INPUT, -1)]
        self.stacked_before: List[int] = []  # senders stacked when layer L's heads read
        self.stacked_before_mlp: List[int] = []
        for layer in range(n_layers):
            self.stacked_before.append(len(senders))
            senders += [Node(NodeKind.HEAD, layer, head) for head in range(n_heads)]
            self.stacked_before_mlp.append(len(senders))
            senders.append(Node(NodeKind.MLP, layer))
        position = {node: i for i, node in enumerate(senders)}
        missing = self.n_edges
        # Built on the CPU (many single writes), then moved to the model's device.
        before = self.stacked_before
        heads = {port: [torch.full((before[layer], n_heads), missing) for layer in range(n_layers)]  # device: cpu
                 for port in _PORTS}
        mlps = [torch.full((self.stacked_before_mlp[layer],), missing) for layer in range(n_layers)]  # device: cpu
        output = torch.full((len(senders),), missing)  # device: cpu
        for i, edge in enumerate(edges):
            sender, receiver = position[edge.sender], edge.receiver
            if receiver.kind is NodeKind.HEAD:
                for name, _ in receiver_hooks(edge):
                    heads[name.split(".hook_")[1][0]][receiver.layer][sender, receiver.head] = i
            elif receiver.kind is NodeKind.MLP:
                mlps[receiver.layer][sender] = i
            else:
                output[sender] = i
        self.head_tables = {port: [t.to(device) for t in tables] for port, tables in heads.items()}
        self.ports_share_masks = all(torch.equal(heads["q"][layer], heads[p][layer]) for p in _PORTS for layer in range(n_layers))
        self.mlp_tables = [t.to(device) for t in mlps]
        self.output_table = output.to(device)

        self.ids = case.clean.ids.to(device)
        self.key_mask = self.w.key_mask(self.ids)
        embedding, _, _ = _unablated_run(case.model, self.ids, n_layers)
        corrupted_embedding, corrupted_z, corrupted_mlp = _unablated_run(
            case.model, case.corrupted.ids.to(device), n_layers)
        with torch.no_grad():
            self.embedding = embedding
            self.input_change = embedding - corrupted_embedding  # [row, pos, d_model]: fixed
            self.corrupted_heads = [self.w.head_outputs(layer, corrupted_z[layer]) for layer in range(n_layers)]
            self.corrupted_mlp = corrupted_mlp

    @staticmethod
    def _withdrawn(weights: torch.Tensor, changes: torch.Tensor) -> torch.Tensor:
        """sum_s weights[c, s, h] changes[c, s, ...] -> [c, h, ...] (one batched product)."""
        copies, n_senders = changes.shape[:2]
        product = weights.transpose(1, 2) @ changes.reshape(copies, n_senders, -1)
        return product.view(copies, weights.shape[2], *changes.shape[2:])

    @staticmethod
    def _withdrawn_one(weights: torch.Tensor, changes: torch.Tensor) -> torch.Tensor:
        """sum_s weights[c, s] changes[c, s, ...] -> [c, ...] for one receiver (a batched product:
        several times faster than a broadcast multiply and sum, backward pass included)."""
        copies, n_senders = changes.shape[:2]
        return (weights[:, None, :] @ changes.reshape(copies, n_senders, -1)).view(copies, *changes.shape[2:])

    def logits(self, ablate: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        """Logits [copies, rows, pos, out] for `ablate` [copies, n_edges] on those rows of the batch."""
        w, copies = self.w, ablate.shape[0]
        padded = torch.cat([ablate, ablate.new_zeros(copies, 1)], dim=1)
        mask = self.key_mask[rows]
        residual = self.embedding[rows][None]  # [copy (broadcast), row, pos, d_model]
        # Every sender's change so far, [copy, sender, row, pos, d_model].
        changes = self.input_change[rows][None, None].expand(copies, 1, -1, -1, -1)
        for layer in range(w.n_layers):
            layer_w = w.layers[layer]
            if self.ports_share_masks:
                x = residual[:, None] - self._withdrawn(padded[:, self.head_tables["q"][layer]], changes)
                q, k, v = (w.project(layer, x, port) for port in _PORTS)
            else:
                q, k, v = (w.project(layer, residual[:, None] - self._withdrawn(
                    padded[:, self.head_tables[port][layer]], changes), port) for port in _PORTS)
            out = w.head_outputs(layer, w.attend(layer, q, k, v, mask))  # [copy, head, row, pos, d_model]
            residual = residual + out.sum(1) + layer_w["b_O"]
            changes = torch.cat([changes, out - self.corrupted_heads[layer][:, rows]], dim=1)
            x = residual - self._withdrawn_one(padded[:, self.mlp_tables[layer]], changes)
            out = w.mlp(layer, x)
            residual = residual + out
            changes = torch.cat([changes, (out - self.corrupted_mlp[layer][rows])[:, None]], dim=1)
        x = residual - self._withdrawn_one(padded[:, self.output_table], changes)
        return w.unembed(x)


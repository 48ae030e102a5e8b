"""ACDC's candidate runs, recomputing only what lies downstream of the receiver being pruned.

ACDC visits receivers output-first, so while it decides the edges into receiver R, every node
upstream of R still sees clean inputs: its output is the clean run's, computed once here. A
candidate (a set of removed edges, all into R or later receivers) therefore changes only R, the
heads of R's layer decided before it ("siblings") and the nodes after R. `DownstreamRuns` runs
just those, node by node with the model's own weights, for several candidates ("copies")
stacked along the batch:

- A receiver's input is its clean input, plus the change (now - clean) of each changed sender
  whose edge to it is kept, plus `corrupted - clean` of each sender whose edge is removed. Exact
  because the models have no LayerNorm: a receiver's input is the sum of its senders' outputs.
  A head's query, key and value read the same input (edges are whole-head edges).
- A node that no longer reaches the output through kept edges ("dead") cannot move the logits:
  it is not run, and the removed edges into it are left out of the candidate's key, so two
  candidates that differ only there are one.
- Copies whose node would compute the same value (same removed edges into it, same values of
  its changed senders) share one run of that node.
- A sibling's output depends only on which of its edges are removed; it is remembered from the
  run that decided it, as its attention result z.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, FrozenSet, Hashable, List, Optional, Sequence, Set, Tuple

import torch

from interpbench_harness.graph import Edge, Node, NodeKind
from interpbench_harness.masked_ablation import sender_outputs

Key = FrozenSet[int]  # indices (into the visit order) of the removed edges


def _input_hook(node: Node, n_layers: int) -> str:
    """The clean-run hook holding a receiver's input."""
    if node.kind is NodeKind.HEAD:
        return f"blocks.{node.layer}.hook_resid_pre"
    if node.kind is NodeKind.MLP:
        return f"blocks.{node.layer}.hook_resid_mid"
    return f"blocks.{n_layers - 1}.hook_resid_post"


@dataclasses.dataclass
class _Sharing:
    """Which copies share one value of a node: copy `runs[i]` computes value i, and `slot[copy]`
    is the value a copy reads (None: the node is clean or dead in that copy)."""

    runs: List[int]
    slot: List[Optional[int]]

    @classmethod
    def by(cls, signatures: Sequence[Optional[Hashable]]) -> "_Sharing":
        """Copies with equal signatures share a value; a None signature reads none."""
        value_of: Dict[Hashable, int] = {}
        runs: List[int] = []
        slot: List[Optional[int]] = []
        for copy, signature in enumerate(signatures):
            if signature is not None and signature not in value_of:
                value_of[signature] = len(runs)
                runs.append(copy)
            slot.append(None if signature is None else value_of[signature])
        return cls(runs, slot)


@dataclasses.dataclass
class _Recipe:
    """How to assemble a node's input for the copies in `copies` (see `DownstreamRuns._input`)."""

    copies: List[int]
    removed_weight: Optional[torch.Tensor]  # [copy, sender]: 1 where that sender's edge is removed
    reads: Optional[torch.Tensor]  # [copy, value]: 1 where the copy reads that bank value through a kept edge


@dataclasses.dataclass
class _Plan:
    """One call's nodes, how its copies share them, and where their values lie in the bank."""

    siblings: List[Node]  # earlier-decided heads of the receiver's layer, changed in some copy
    computed: List[Node]  # the receiver (unless it is the output) and the live nodes after it, in order
    sharing: Dict[Node, _Sharing]
    offset: Dict[Node, int]  # a changed node's first value in the bank
    n_values: int  # the bank's size
    recipes: Dict[Node, _Recipe]  # for the computed nodes and the output


class DownstreamRuns:
    """The metric of candidate removed-edge sets, for one receiver at a time (see the module doc)."""

    def __init__(self, case, edges: Sequence[Edge], rows_per_pass: int):
        model = case.model
        self.case, self.model, self.rows_per_pass = case, model, rows_per_pass
        self.edges = list(edges)
        rows = case.clean.scored.any(dim=1)  # inputs without a scored position never enter the metric
        clean_ids, corrupted_ids = case.clean.ids[rows], case.corrupted.ids[rows]
        self.scored = case.clean.scored[rows]
        self.senders = sorted({edge.sender for edge in self.edges})
        self.receivers = sorted({edge.receiver for edge in self.edges})
        self.output = self.receivers[-1]
        self.nodes = sorted(set(self.senders) | set(self.receivers))
        self.sender_index = {node: index for index, node in enumerate(self.senders)}
        input_hooks = sorted({_input_hook(node, model.cfg.n_layers) for node in self.receivers})
        clean, clean_inputs = sender_outputs(model, clean_ids, self.senders, also=input_hooks)
        corrupted, _ = sender_outputs(model, corrupted_ids, self.senders)
        self.clean_output = clean
        self.clean_input = {node: clean_inputs[_input_hook(node, model.cfg.n_layers)] for node in self.receivers}
        # What removing an edge adds to its receiver's input, per sender: [sender, row, pos, d_model].
        self.removal_shift = torch.stack([corrupted[node] - clean[node] for node in self.senders])
        self.inert = {node for node in self.senders if not bool(corrupted[node].ne(clean[node]).any())}
        self.clean_logits = model(clean_ids)
        self.attended = self._attended(clean_ids)
        self.some_query_reads_nothing = not bool(self.attended.any(dim=-1).all())
        heads = [node for node in self.receivers if node.kind is NodeKind.HEAD]
        self.head_weights = {node: self._fused_head_weights(node) for node in heads}
        self.incoming: Dict[Node, List[Tuple[int, Node]]] = {node: [] for node in self.receivers}
        self.outgoing: Dict[Node, List[Tuple[int, Node]]] = {node: [] for node in self.senders}
        for index, edge in enumerate(self.edges):
            self.incoming[edge.receiver].append((index, edge.sender))
            self.outgoing[edge.sender].append((index, edge.receiver))
        self.remembered_z: Dict[Tuple[Node, FrozenSet[Node]], torch.Tensor] = {}

    def _attended(self, ids: torch.Tensor) -> torch.Tensor:
        """[row, query, key]: which keys a query may read (causal order if the model has it; never PAD)."""
        n_pos = ids.shape[1]
        allowed = torch.ones(n_pos, n_pos, dtype=torch.bool, device=ids.device)
        if self.model.cfg.attention_dir == "causal":
            allowed = allowed.tril()
        return allowed[None] & (ids != self.model.pad_token_id)[:, None, :]

    def _fused_head_weights(self, node: Node) -> Tuple[torch.Tensor, torch.Tensor, float]:
        """A head's query, key and value maps as one matrix (its three inputs are the same here)."""
        attention = self.model.blocks[node.layer].attn
        weights = [attention.W_Q[node.head], attention.W_K[node.head], attention.W_V[node.head]]
        biases = [attention.b_Q[node.head], attention.b_K[node.head], attention.b_V[node.head]]
        return torch.cat(weights, dim=1), torch.cat(biases), attention.attn_scale

    def changes_nothing(self, edge_index: int, removed: Key) -> bool:
        """Removing this edge on top of `removed` leaves the logits exactly as they are."""
        edge = self.edges[edge_index]
        return edge.sender in self.inert or edge.receiver not in self.live_nodes(removed)

    def live_nodes(self, removed: Key) -> Set[Node]:
        """The nodes that still reach the output through edges not in `removed`."""
        live: Set[Node] = {self.output}
        for node in reversed(self.nodes):
            if any(index not in removed and receiver in live for index, receiver in self.outgoing.get(node, ())):
                live.add(node)
        return live

    def key(self, removed: Key) -> Key:
        """`removed` without the edges into dead nodes, which no run can tell apart."""
        live = self.live_nodes(removed)
        return frozenset(index for index in removed if self.edges[index].receiver in live)

    def metrics(self, receiver: Node, keys: Sequence[Key]) -> List[float]:
        """The case's metric with each key's edges removed; every key holds edges into `receiver`
        or later receivers only, and is a `key()` (nothing into dead nodes)."""
        if not keys:
            return []
        plan = self._plan(receiver, keys)
        receiver_z = None
        if receiver.kind is NodeKind.HEAD:
            shape = (*self.scored.shape, self.model.cfg.d_head)
            receiver_z = [self.removal_shift.new_empty(shape) for _ in plan.sharing[receiver].runs]
        totals = [0.0] * len(keys)
        n_rows, step = self.scored.shape[0], max(1, self.rows_per_pass // len(keys))
        for start in range(0, n_rows, step):
            rows = slice(start, min(n_rows, start + step))
            logits = self._logits(receiver, keys, plan, rows, receiver_z)
            clean_logits, scored = self.clean_logits[rows], self.scored[rows]
            n_scored_here = int(scored.sum())  # once per chunk: on a GPU each read waits for the device
            for copy in range(len(keys)):
                totals[copy] += n_scored_here * float(self.case.metric(logits[copy], clean_logits, scored))
        if receiver_z is not None:
            for copy, z in zip(plan.sharing[receiver].runs, receiver_z):
                self.remembered_z[(receiver, self._removed_senders(receiver, keys[copy]))] = z
        n_scored = int(self.scored.sum())
        return [total / n_scored for total in totals]

    def retain(self, receiver: Node, removed_sets: Sequence[Key]) -> None:
        """Forget remembered outputs no threshold will ask for again: those of earlier layers'
        heads and those of `receiver` under removed sets no threshold holds."""
        wanted = {(receiver, self._removed_senders(receiver, removed)) for removed in removed_sets}
        self.remembered_z = {
            key: z for key, z in self.remembered_z.items()
            if key[0].stage == receiver.stage and (key[0] != receiver or key in wanted)
        }

    def _removed_senders(self, node: Node, key: Key) -> FrozenSet[Node]:
        return frozenset(sender for index, sender in self.incoming[node] if index in key)

    def _plan(self, receiver: Node, keys: Sequence[Key]) -> _Plan:
        live = [self.live_nodes(key) for key in keys]
        siblings = [node for node in self.receivers if node.stage == receiver.stage and node.order > receiver.order]
        later = [
            node for node in self.receivers
            if node.stage > receiver.stage and node is not self.output and any(node in nodes for nodes in live)
        ]
        computed = ([] if receiver is self.output else [receiver]) + later
        sharing = {  # a sibling's value depends on its removed edges; with none removed it is clean
            node: _Sharing.by([(self._removed_senders(node, key) or None) if node in nodes else None
                               for key, nodes in zip(keys, live)])
            for node in siblings
        }
        siblings = [node for node in siblings if sharing[node].runs]
        for node in computed:
            sharing[node] = _Sharing.by([self._signature(node, key, copy, sharing) if node in live[copy] else None
                                         for copy, key in enumerate(keys)])
        offset, n_values = {}, 0
        for node in siblings + computed:
            offset[node], n_values = n_values, n_values + len(sharing[node].runs)
        recipes = {node: self._recipe(node, keys, sharing[node].runs, sharing, offset, offset[node])
                   for node in computed}
        recipes[self.output] = self._recipe(self.output, keys, list(range(len(keys))), sharing, offset, n_values)
        return _Plan(siblings, computed, sharing, offset, n_values, recipes)

    def _signature(self, node: Node, key: Key, copy: int, sharing: Dict[Node, _Sharing]) -> Hashable:
        """What a node's value in this copy depends on: its removed edges and its changed senders' values."""
        changed_senders = tuple((sender, sharing[sender].slot[copy])
                                for index, sender in self.incoming[node] if index not in key and sender in sharing)
        return self._removed_senders(node, key), changed_senders

    def _recipe(self, node: Node, keys: Sequence[Key], copies: List[int], sharing: Dict[Node, _Sharing],
                offset: Dict[Node, int], n_values: int) -> _Recipe:
        """The node reads the first `n_values` values of the bank: those of the changed nodes before it.

        The two small tables are filled entry by entry on the CPU (on a GPU each entry would be a
        transfer of its own), then moved to the model's device in one go.
        """
        removed = torch.zeros(len(copies), len(self.senders), dtype=self.removal_shift.dtype)  # device: cpu
        reads = torch.zeros(len(copies), n_values, dtype=self.removal_shift.dtype)  # device: cpu
        for index, sender in self.incoming[node]:
            for row, copy in enumerate(copies):
                if index in keys[copy]:
                    removed[row, self.sender_index[sender]] = 1.0
                elif sender in sharing and sharing[sender].slot[copy] is not None:
                    reads[row, offset[sender] + sharing[sender].slot[copy]] = 1.0
        device = self.removal_shift.device
        return _Recipe(copies, removed.to(device) if bool(removed.any()) else None,
                       reads.to(device) if bool(reads.any()) else None)

    def _logits(self, receiver: Node, keys: Sequence[Key], plan: _Plan, rows: slice, receiver_z) -> torch.Tensor:
        """[copy, row, pos, out] on these rows; the receiver's z (if a head) goes into `receiver_z`.

        Each changed node's values (now - clean) go into one bank, so that a node's input takes
        what its copies read from all of them in one matrix product.
        """
        clean = self.clean_input[receiver][rows]
        bank = clean.new_empty(plan.n_values, *clean.shape)
        for node in plan.siblings:
            values = self._sibling_values(node, keys, plan.sharing[node], rows)
            bank[plan.offset[node]:plan.offset[node] + len(values)] = values
        for node in plan.computed:
            x = self._input(node, rows, plan.recipes[node], bank)
            if node.kind is NodeKind.HEAD:
                z = self._head_z(node, x, rows)
                if node is receiver:
                    for value, part in zip(receiver_z, z):
                        value[rows] = part
                out = z @ self.model.W_O[node.layer, node.head]
            else:
                out = self.model.blocks[node.layer].mlp(x)
            start = plan.offset[node]
            torch.sub(out, self.clean_output[node][rows], out=bank[start:start + len(out)])
        return self.model.unembed(self._input(self.output, rows, plan.recipes[self.output], bank))

    def _input(self, node: Node, rows: slice, recipe: _Recipe, bank: torch.Tensor) -> torch.Tensor:
        """[copy, row, pos, d_model]: what `node` reads in each of the recipe's copies (see the module doc)."""
        clean = self.clean_input[node][rows]
        flat_clean = clean.reshape(1, -1)
        if recipe.removed_weight is None:
            x = flat_clean.expand(len(recipe.copies), -1).clone()
        else:
            shifts = self.removal_shift[:, rows].reshape(len(self.senders), -1)
            x = torch.addmm(flat_clean, recipe.removed_weight, shifts)
        if recipe.reads is not None:  # the bank's later rows are not written yet
            x.addmm_(recipe.reads, bank[:recipe.reads.shape[1]].view(recipe.reads.shape[1], -1))
        return x.view(len(recipe.copies), *clean.shape)

    def _sibling_values(self, node: Node, keys: Sequence[Key], sharing: _Sharing, rows: slice) -> torch.Tensor:
        """`now - clean` of an earlier-decided head of the receiver's layer, one per shared value."""
        zs = [self.remembered_z[(node, self._removed_senders(node, keys[copy]))][rows] for copy in sharing.runs]
        return torch.stack(zs) @ self.model.W_O[node.layer, node.head] - self.clean_output[node][rows]

    def _head_z(self, node: Node, x: torch.Tensor, rows: slice) -> torch.Tensor:
        """One head's attention result z [copy, row, pos, d_head] on input x [copy, row, pos, d_model]."""
        w_qkv, b_qkv, scale = self.head_weights[node]
        q, k, v = (x @ w_qkv + b_qkv).split(self.model.cfg.d_head, dim=-1)
        scores = (q @ k.transpose(-1, -2) / scale).masked_fill(~self.attended[rows], float("-inf"))
        pattern = torch.softmax(scores, dim=-1)
        if self.some_query_reads_nothing:  # its softmax is NaN; TransformerLens reads it as 0
            pattern = torch.where(torch.isnan(pattern), torch.zeros_like(pattern), pattern)
        return pattern @ v

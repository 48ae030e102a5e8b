"""The IOI high-level model: the algorithm the IOI case's trained transformer must implement.

Four high-level nodes, each mapped to one component of a 6-layer, 4-head low-level model:

- `tokens` (MLP0): which word sits at each position.
- `duplicate` (head L1H1, the duplicate-token head): at each position, the name there if the
  same name occurred earlier in the prompt, else none.
- `s_inhibition` (head L2H1): the duplicated name, the subject, carried to the end position.
- `name_mover` (head L4H1): the first name of the prompt that is not the inhibited one,
  predicted at the end position.

Interchange interventions replace one node's value on a base prompt with its value on a source
prompt and recompute everything downstream, so the circuit's behaviour under patching is
defined: e.g. patching `s_inhibition` from a prompt whose subject is not in the base makes the
name mover predict the base's first-mentioned name. The ground-truth circuit follows from what
each node reads: tokens -> duplicate -> s_inhibition -> name_mover, and tokens -> name_mover.
"""

from __future__ import annotations

from typing import Dict, Mapping, Optional

import torch

from interpbench_harness.graph import Circuit, Edge, Node, head_node, input_node, mlp_node, output_node

N_LAYERS, N_HEADS = 6, 4
NODES: Dict[str, Node] = {
    "tokens": mlp_node(0),
    "duplicate": head_node(1, 1),
    "s_inhibition": head_node(2, 1),
    "name_mover": head_node(4, 1),
}
NONE = -1  # "no name" in a node's value


def ground_truth() -> Circuit:
    """The IOI circuit in the low-level model's head-level node and edge names."""
    reads = {"tokens": ["input"], "duplicate": ["tokens"], "s_inhibition": ["duplicate"],
             "name_mover": ["tokens", "s_inhibition"], "output": ["name_mover"]}
    node_of = {**NODES, "input": input_node(), "output": output_node(N_LAYERS)}
    edges = [Edge(node_of[sender], node_of[receiver]) for receiver, senders in reads.items() for sender in senders]
    return Circuit(frozenset(node_of.values()), frozenset(edges))


class IOIHighLevelModel:
    """Runs the algorithm on token ids [batch, pos]; `name_ids` are the ids of the name tokens."""

    def __init__(self, name_ids, pad_id: int):
        self.name_ids = torch.tensor(sorted(name_ids))
        self.pad_id = pad_id

    def values(self, ids: torch.Tensor, patched: Optional[Mapping[str, torch.Tensor]] = None) -> Dict[str, torch.Tensor]:
        """Every node's value on `ids`, with the nodes in `patched` set to the given values."""
        patched = patched or {}
        values: Dict[str, torch.Tensor] = {}
        values["tokens"] = patched.get("tokens", ids)
        values["duplicate"] = patched.get("duplicate", self.repeated_names(values["tokens"]))
        values["s_inhibition"] = patched.get("s_inhibition", self.first_repeated_name(values["duplicate"]))
        values["name_mover"] = patched.get("name_mover", self.first_other_name(values["tokens"], values["s_inhibition"]))
        return values

    def predict(self, ids: torch.Tensor, patched: Optional[Mapping[str, torch.Tensor]] = None) -> torch.Tensor:
        """The predicted name id per row (NONE when the prompt names nobody else)."""
        return self.values(ids, patched)["name_mover"]

    def interchange(self, base: torch.Tensor, source: torch.Tensor, node: str) -> torch.Tensor:
        """Predictions on `base` with `node` set to its value on `source` (row by row)."""
        if node not in NODES:
            raise ValueError(f"unknown IOI node {node!r}; nodes: {', '.join(NODES)}")
        return self.predict(base, {node: self.values(source)[node]})

    def _is_name(self, tokens: torch.Tensor) -> torch.Tensor:
        return torch.isin(tokens, self.name_ids)

    def repeated_names(self, tokens: torch.Tensor) -> torch.Tensor:
        """The name at each position that already occurred earlier in its row, else NONE."""
        same = tokens[:, :, None] == tokens[:, None, :]  # [batch, query, key]
        earlier = torch.ones(tokens.shape[1], tokens.shape[1], dtype=torch.bool).tril(-1)
        seen = (same & earlier).any(-1) & self._is_name(tokens)
        return torch.where(seen, tokens, torch.full_like(tokens, NONE))

    @staticmethod
    def first_repeated_name(duplicate: torch.Tensor) -> torch.Tensor:
        """The first duplicated name of each row, else NONE."""
        found = duplicate != NONE
        first = found.float().argmax(-1)
        return torch.where(found.any(-1), duplicate.gather(1, first[:, None])[:, 0], torch.full_like(first, NONE))

    def first_other_name(self, tokens: torch.Tensor, inhibited: torch.Tensor) -> torch.Tensor:
        """The first name of each row that is not the inhibited one, else NONE."""
        candidate = self._is_name(tokens) & (tokens != inhibited[:, None])
        first = candidate.float().argmax(-1)
        return torch.where(candidate.any(-1), tokens.gather(1, first[:, None])[:, 0], torch.full_like(first, NONE))

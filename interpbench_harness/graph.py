"""The computational graph that circuits live in: nodes, edges, circuits, and promotion.

Nodes are the residual-stream writers and readers of a transformer without LayerNorm:
one input node (token + position embeddings), every attention head's output, every MLP's
output, and one output node. An edge joins a sender to every receiver downstream of it.
Edges into an attention head can be named per input port (q, k or v); "promotion" folds
them into one edge to the whole head, the granularity the ground truth is defined at.

Names are TransformerLens hook names (with `[head]` for heads) so that a method author can
read an edge name and know where to hook.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import FrozenSet, Iterable, List, Optional, Tuple

INPUT_HOOK = "blocks.0.hook_resid_pre"


class NodeKind(str, enum.Enum):
    INPUT = "input"
    HEAD = "head"
    MLP = "mlp"
    OUTPUT = "output"


@dataclasses.dataclass(frozen=True)
class Node:
    """One node; `layer` is -1 for the input node and n_layers for the output node."""

    kind: NodeKind
    layer: int
    head: Optional[int] = None
    n_layers: int = 0  # only used by the output node, whose hook name needs it

    @property
    def name(self) -> str:
        if self.kind is NodeKind.INPUT:
            return INPUT_HOOK
        if self.kind is NodeKind.HEAD:
            return f"blocks.{self.layer}.attn.hook_result[{self.head}]"
        if self.kind is NodeKind.MLP:
            return f"blocks.{self.layer}.hook_mlp_out"
        return f"blocks.{self.n_layers - 1}.hook_resid_post"

    @property
    def stage(self) -> int:
        """Position in the residual stream; a node only reads what lower stages wrote.

        Input 0; layer L's heads 2L+1 (they run in parallel); layer L's MLP 2L+2; output last.
        """
        if self.kind is NodeKind.INPUT:
            return 0
        if self.kind is NodeKind.MLP:
            return 2 * self.layer + 2
        return 2 * self.layer + 1

    @property
    def order(self) -> Tuple[int, int]:
        """Sort key: stage, then head index."""
        return (self.stage, self.head or 0)

    @property
    def is_component(self) -> bool:
        """A head or an MLP: what ablations and node metrics are about (input and output are fixed)."""
        return self.kind in (NodeKind.HEAD, NodeKind.MLP)

    @property
    def is_sender(self) -> bool:
        return self.kind is not NodeKind.OUTPUT

    @property
    def is_receiver(self) -> bool:
        return self.kind is not NodeKind.INPUT

    def __lt__(self, other: "Node") -> bool:
        return self.order < other.order

    def __str__(self) -> str:
        return self.name


class Port(str, enum.Enum):
    """Which input of an attention head an edge feeds."""

    Q = "q"
    K = "k"
    V = "v"


@dataclasses.dataclass(frozen=True, order=True)
class Edge:
    """A sender -> receiver edge; `port` is set only for edges at Q/K/V granularity."""

    sender: Node
    receiver: Node
    port: Optional[Port] = None

    @property
    def name(self) -> str:
        if self.port is None:
            return f"{self.sender.name}->{self.receiver.name}"
        head = self.receiver
        return f"{self.sender.name}->blocks.{head.layer}.hook_{self.port.value}_input[{head.head}]"

    def promoted(self) -> "Edge":
        return Edge(self.sender, self.receiver) if self.port is not None else self

    def __str__(self) -> str:
        return self.name


@dataclasses.dataclass(frozen=True)
class Circuit:
    """A set of nodes and edges; the nodes always include every edge endpoint."""

    nodes: FrozenSet[Node]
    edges: FrozenSet[Edge]

    @classmethod
    def from_edges(cls, edges: Iterable[Edge], extra_nodes: Iterable[Node] = ()) -> "Circuit":
        edges = frozenset(edges)
        nodes = {e.sender for e in edges} | {e.receiver for e in edges} | set(extra_nodes)
        return cls(frozenset(nodes), edges)

    def promoted(self) -> "Circuit":
        return promote(self)

    def embedded(self, n_layers: int) -> "Circuit":
        """This circuit inside a model with `n_layers` layers, under SIIT's alignment: every head
        and MLP keeps its layer and index, and the output node moves to the last layer."""

        def move(node: Node) -> Node:
            return output_node(n_layers) if node.kind is NodeKind.OUTPUT else node

        edges = frozenset(Edge(move(e.sender), move(e.receiver), e.port) for e in self.edges)
        return Circuit(frozenset(map(move, self.nodes)), edges)

    def sorted_nodes(self) -> List[Node]:
        return sorted(self.nodes)

    def sorted_edges(self) -> List[Edge]:
        return sorted(self.edges, key=lambda e: (e.receiver.order, e.sender.order, e.port or ""))


def promote(circuit: Circuit) -> Circuit:
    """Fold Q/K/V-input edges into edges to the whole head (the ground truth's granularity)."""
    return Circuit(circuit.nodes, frozenset(e.promoted() for e in circuit.edges))


def input_node() -> Node:
    return Node(NodeKind.INPUT, -1)


def output_node(n_layers: int) -> Node:
    return Node(NodeKind.OUTPUT, n_layers, n_layers=n_layers)


def head_node(layer: int, head: int) -> Node:
    return Node(NodeKind.HEAD, layer, head)


def mlp_node(layer: int) -> Node:
    return Node(NodeKind.MLP, layer)


def universe(n_layers: int, n_heads: int, qkv: bool = False) -> Circuit:
    """Every node and edge of a model of this shape.

    Each sender feeds every receiver after it in the residual stream, except that the input
    node does not feed the output node directly: that edge passes through no component, no
    ablation of a component can remove it, and leaving it out reproduces the universe sizes
    InterpBench reports (2 layers x 4 heads: 12 nodes, 53 edges).
    """
    nodes = [input_node()]
    for layer in range(n_layers):
        nodes += [head_node(layer, h) for h in range(n_heads)]
        nodes.append(mlp_node(layer))
    nodes.append(output_node(n_layers))
    edges = []
    for receiver in nodes:
        if not receiver.is_receiver:
            continue
        for sender in nodes:
            if not sender.is_sender or not sender.stage < receiver.stage:
                continue
            if sender.kind is NodeKind.INPUT and receiver.kind is NodeKind.OUTPUT:
                continue
            if qkv and receiver.kind is NodeKind.HEAD:
                edges += [Edge(sender, receiver, port) for port in Port]
            else:
                edges.append(Edge(sender, receiver))
    return Circuit(frozenset(nodes), frozenset(edges))


def parse_node(name: str, n_layers: int) -> Node:
    """Inverse of `Node.name`, for reading edge names back from reports and plugins."""
    if name == INPUT_HOOK:
        return input_node()
    if name == f"blocks.{n_layers - 1}.hook_resid_post":
        return output_node(n_layers)
    parts = name.split(".")
    try:
        layer = int(parts[1])
        if name.endswith("hook_mlp_out") and len(parts) == 3:
            return mlp_node(layer)
        if len(parts) == 4 and parts[2] == "attn" and parts[3].startswith("hook_result["):
            return head_node(layer, int(parts[3][len("hook_result[") : -1]))
    except (IndexError, ValueError):
        pass
    raise ValueError(
        f"{name!r} is not a node name of a {n_layers}-layer model; expected "
        f"{INPUT_HOOK!r}, 'blocks.L.attn.hook_result[H]', 'blocks.L.hook_mlp_out' or "
        f"'blocks.{n_layers - 1}.hook_resid_post'"
    )


def parse_edge(name: str, n_layers: int) -> Edge:
    """Inverse of `Edge.name`, at either granularity."""
    sender_name, arrow, receiver_name = name.partition("->")
    if not arrow:
        raise ValueError(f"{name!r} is not an edge name: expected 'SENDER->RECEIVER'")
    for port in Port:
        marker = f".hook_{port.value}_input["
        if marker in receiver_name:
            layer_part, head_part = receiver_name.split(marker)
            receiver = head_node(int(layer_part.split(".")[1]), int(head_part[:-1]))
            return Edge(parse_node(sender_name, n_layers), receiver, port)
    return Edge(parse_node(sender_name, n_layers), parse_node(receiver_name, n_layers))

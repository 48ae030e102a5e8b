"""Derive a compiled program's ground-truth circuit from the residual directions it uses.

In a tracr model every RASP variable owns its own residual-stream directions, and each block
declares the subspaces it reads and writes. A component is connected to an upstream one when
the upstream one writes a direction the component reads: a head's query space (Q), key space
(K) or OV input space (V), or an MLP's input space. The constant `one` direction and the BOS
token direction carry no information about the input and are ignored. The output node reads
the program's output directions. Token and position directions are written by the input node.
"""

from __future__ import annotations

from typing import Dict, Set

from tracr.craft import bases, transformers
from tracr.rasp import rasp

from interpbench_harness.cases.spec import BOS
from interpbench_harness.graph import (
    Circuit,
    Edge,
    Node,
    Port,
    head_node,
    input_node,
    mlp_node,
    output_node,
)
from interpbench_harness.tracr_bridge.compile import TracrCompilation, layer_of_block

IGNORED_DIRECTIONS = frozenset(
    {bases.BasisDirection("one"), bases.BasisDirection(rasp.tokens.label, BOS)}
)

def _blocks_reads_writes(compilation: TracrCompilation):
    """Yield (node, reads, writes) per component, in residual-stream order."""
    for block, layer in zip(compilation.craft_model.blocks, layer_of_block(compilation)):
        if isinstance(block, transformers.MLP):
            yield mlp_node(layer), [(None, block.fst.input_space.basis)], block.snd.output_space.basis
            continue
        for index, head in enumerate(block.as_multi().heads()):
            reads = [
                (Port.Q, head.w_qk.left_space.basis),
                (Port.K, head.w_qk.right_space.basis),
                (Port.V, head.w_ov.input_space.basis),
            ]
            yield head_node(layer, index), reads, head.w_ov.output_space.basis


def ground_truth_circuit(compilation: TracrCompilation, n_layers: int) -> Circuit:
    """The ground truth at Q/K/V granularity (promote it for head-level comparisons)."""
    writer_of: Dict[bases.BasisDirection, Set[Node]] = {}
    embedded = (rasp.tokens.label, rasp.indices.label)  # written by the input node

    edges: Set[Edge] = set()
    components = list(_blocks_reads_writes(compilation))
    for node, reads, writes in components:
        for port, directions in reads:
            for direction in directions:
                if direction in IGNORED_DIRECTIONS:
                    continue
                senders = {input_node()} if direction.name in embedded else writer_of.get(direction)
                if not senders:
                    raise AssertionError(
                        f"case {compilation.spec.case_id}: {node} reads {direction} "
                        "but no earlier component writes it; the layer allocation is not what "
                        "the ground-truth rule assumes"
                    )
                edges.update(Edge(sender, node, port) for sender in senders)
        for direction in writes:
            writer_of.setdefault(direction, set()).add(node)

    sink = output_node(n_layers)
    for direction in compilation.output_directions:
        edges.update(Edge(sender, sink) for sender in writer_of[direction])
    return Circuit.from_edges(edges)

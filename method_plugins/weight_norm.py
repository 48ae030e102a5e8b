"""A worked example of a method plugin: rank edges by how strongly the weights connect them.

It needs no data: the score of sender -> receiver is the norm of the sender's output weights
times the norm of the receiver's input weights. Run it with

    pytest suites/test_discovery.py --method=weight_norm --cases=ci
    pytest suites/test_discovery.py --method=weight_norm --cases=ci --method-option=weight_norm.receiver=false
"""

import dataclasses

import torch

from interpbench_harness.graph import NodeKind
from interpbench_harness.methods import DiscoveryCase, EdgeScores, MethodSettings, register


@dataclasses.dataclass(frozen=True)
class WeightNormOptions:
    """The options `--method-option=weight_norm.KEY=VALUE` may set (each with its default)."""

    receiver: bool = dataclasses.field(default=True, metadata={
        "help": "multiply by the receiver's input-weight norm (false: the sender's output norm alone)"})


def _output_norm(model, node) -> float:
    if node.kind is NodeKind.INPUT:
        return float(torch.linalg.norm(model.W_E) + torch.linalg.norm(model.W_pos))
    if node.kind is NodeKind.HEAD:
        return float(torch.linalg.norm(model.W_O[node.layer, node.head]))
    return float(torch.linalg.norm(model.W_out[node.layer]))


def _input_norm(model, node) -> float:
    if node.kind is NodeKind.HEAD:
        layer, head = node.layer, node.head
        return float(sum(torch.linalg.norm(w[layer, head]) for w in (model.W_Q, model.W_K, model.W_V)))
    if node.kind is NodeKind.MLP:
        return float(torch.linalg.norm(model.W_in[node.layer]))
    return float(torch.linalg.norm(model.W_U))


@register("weight_norm", options=WeightNormOptions, returns=EdgeScores, signed=False)
def weight_norm(case: DiscoveryCase, settings: MethodSettings) -> EdgeScores:
    """Sender output-weight norm times receiver input-weight norm: a weights-only heuristic."""
    options = WeightNormOptions(**settings.options)  # in a run: every option, checked at start-up
    model = case.model
    with torch.no_grad():
        return EdgeScores({
            edge.name: _output_norm(model, edge.sender) * (_input_norm(model, edge.receiver) if options.receiver else 1.0)
            for edge in case.universe.sorted_edges()
        })

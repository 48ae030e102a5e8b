"""The method contract: what a circuit-discovery method is given and what it must return.

A method is a callable `method(case, settings) -> EdgeScores | NodeScores | Sweep`, registered
under a name. It sees a `BenchmarkCase` (model, data, metric, universe) and the run's
`MethodSettings`; it must not change the model's weights or leave hooks attached.

- `EdgeScores`: one float per edge of `case.universe` (promoted, head-level names), larger =
  more important. Declare `signed=True` if the sign carries meaning; the harness then ranks
  by absolute value.
- `NodeScores`: the same over `case.universe.nodes`.
- `Sweep`: one discovered circuit (a set of edge names) per sweep value, as ACDC or SP
  produce; scored by the paper's pessimistic AUROC. It may also carry `edge_scores` (as in
  `EdgeScores`, unsigned), e.g. the largest sweep value at which each edge survives; the rank
  metrics are then reported too, under `edge_from_scores` and `node_from_scores`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, FrozenSet, Mapping, Optional, Tuple, Union

# The sweep InterpBench used for the ACDC threshold, the EAP score threshold and the SP lambda.
PAPER_SWEEP: Tuple[float, ...] = (
    0.0, 1e-5, 1e-4, 1e-3, 1e-2, 0.025, 0.05, 0.1, 0.2, 0.5, 0.8, 1.0, 10.0, 20.0, 50.0, 70.0,
    100.0, 200.0, 1000.0,
)


@dataclasses.dataclass(frozen=True)
class MethodSettings:
    seed: int = 0
    sweep: Tuple[float, ...] = PAPER_SWEEP
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # method-specific knobs


@dataclasses.dataclass(frozen=True)
class EdgeScores:
    scores: Mapping[str, float]  # edge name -> score
    signed: bool = False


@dataclasses.dataclass(frozen=True)
class NodeScores:
    scores: Mapping[str, float]  # node name -> score
    signed: bool = False


@dataclasses.dataclass(frozen=True)
class Sweep:
    circuits: Mapping[float, FrozenSet[str]]  # sweep value -> names of the edges kept
    edge_scores: Optional[Mapping[str, float]] = None  # optional: one float per edge, larger = more important


MethodResult = Union[EdgeScores, NodeScores, Sweep]
Method = Callable[[Any, MethodSettings], MethodResult]

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

What a method may read from its case is `DiscoveryCase` below (the harness hands it a
`benchmark_case.BenchmarkCase`, which also carries the ground truth: that is for scoring, not
for methods). A method declares its options as a frozen dataclass and what it returns when it
registers (`registry.register`); `settings.options` then holds every option, defaults included.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable, FrozenSet, Mapping, Optional, Protocol, Tuple, Union

if TYPE_CHECKING:  # torch and TransformerLens are heavy: only editors and type checkers need them here
    import torch
    from transformer_lens import HookedTransformer

    from interpbench_harness.cases.spec import CaseSpec
    from interpbench_harness.data import TokenBatch
    from interpbench_harness.graph import Circuit

# The sweep InterpBench used for the ACDC threshold, the EAP score threshold and the SP lambda.
PAPER_SWEEP: Tuple[float, ...] = (
    0.0, 1e-5, 1e-4, 1e-3, 1e-2, 0.025, 0.05, 0.1, 0.2, 0.5, 0.8, 1.0, 10.0, 20.0, 50.0, 70.0,
    100.0, 200.0, 1000.0,
)


@dataclasses.dataclass(frozen=True)
class MethodSettings:
    seed: int = 0
    sweep: Tuple[float, ...] = PAPER_SWEEP
    # The method's own options (see `registry.register`): in a run, every declared option with the
    # value applied (defaults included), as `registry.resolve_options` returns them; called
    # directly, any subset, the rest taking their defaults (`MyOptions(**settings.options)`).
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)


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

# What a method declares it returns (`register(..., returns=...)`), as `interpbench methods` shows it.
RETURNS = {EdgeScores: "edge_scores", NodeScores: "node_scores", Sweep: "sweep"}
UNKNOWN = "unknown"


class DiscoveryCase(Protocol):
    """What a method may use from the case it is handed (a `benchmark_case.BenchmarkCase`).

    The case also has `ground_truth`, but that is for scoring (and the `ground_truth` oracle)
    only: a discovery method must not read it.
    """

    model: "HookedTransformer"
    """TransformerLens model without LayerNorm, with `attn.hook_result`, split
    `hook_{q,k,v}_input` and `hook_mlp_in`. It masks PAD keys: always pass token ids. Do not
    change its weights, and remove every hook you add."""
    clean: "TokenBatch"
    """The inputs to explain: `.ids` [batch, pos], `.scored` [batch, pos] (False at BOS and PAD)."""
    corrupted: "TokenBatch"
    """The resample-ablation source, row for row with `clean`."""
    labels: "torch.Tensor"
    """[batch, pos]: the clean inputs' class indices, or values for regression cases."""
    universe: "Circuit"
    """Every head-level node and edge of the model: what scores are keyed by (`.sorted_edges()`)."""
    universe_qkv: "Circuit"
    """The same graph with head inputs split into Q, K and V."""
    spec: "CaseSpec"
    """The task: `spec.metric` ("divergence" or "answer_logit"), `spec.output_kind`, vocab, lengths."""
    device: "torch.device"
    """Where the model, data and labels are (`--device`: the CPU by default, e.g. `cuda:1` on a GPU).
    Make new tensors there (`torch.zeros(..., device=case.device)`, or `x.new_zeros(...)`), and
    read results through `.cpu()` (`.item()`, `float(...)` and `.tolist()` also work anywhere)."""

    @property
    def case_id(self) -> str: ...

    @property
    def is_regression(self) -> bool: ...

    def metric(self, logits: "torch.Tensor", reference: "torch.Tensor",
               scored: "Optional[torch.Tensor]" = None) -> "torch.Tensor":
        """How far `logits` are from `reference` ([batch, pos, out]) over scored positions: KL
        (categorical), squared error (regression) or the answer logit's drop (IOI)."""
        ...


Method = Callable[[DiscoveryCase, MethodSettings], MethodResult]

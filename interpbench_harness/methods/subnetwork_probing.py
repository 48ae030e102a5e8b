"""Subnetwork probing (Cao et al. 2021, as run in ACDC and InterpBench): learned masks, frozen weights.

Every head and MLP (`sp`) or every edge (`edge_sp`) gets a hard-concrete mask z in [0, 1]
(Louizos et al. 2018); a masked item is resample-ablated by 1 - z. The loss is faithfulness
plus lambda times the expected fraction of items kept (the L0 penalty, averaged so that one
lambda means the same on a small and a large model). Faithfulness is, by default, the squared
L2 distance between the masked and the clean output vectors ("l2", the upstream default), or
the case's own metric ("metric": KL for categorical cases, squared error for regression).

The whole lambda sweep trains at once: one mask set per lambda, each on its own stacked copy of
the batch, so one forward and one backward pass per epoch serve every lambda (the copies share
nothing, so each set's gradient is exactly its own). An item is kept when its deterministic mask
value exceeds 0.5, i.e. when its log-alpha is above 0. Training stops after `epochs`, or earlier
once the masks have converged: no lambda's kept set changed in the last `patience` epochs, and no
log-alpha that moved toward 0 in that window would reach 0 before the last epoch at the pace it
moved (so, paces holding, the full run would end with the same circuits).

Two paths train the same masks with the same seeds, loss, optimiser and early stop (option `path`):

- `fast` (default): the masked model is `sp_forward`'s hand-written forward over the weights,
  with what no mask touches computed once; and in an epoch, a copy whose every sampled mask lies
  outside [0, 1] before the clamp is not run (the clamp's gradient is 0 there, so the copy's
  faithfulness has no gradient at all; its value is never read).
- `reference`: `masked_ablation`'s TransformerLens hooks, every copy every epoch.

Their logits differ by float reordering only; `benchmarks/test_bench_sp.py` compares the paths.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Dict, FrozenSet, List, Literal, Sequence

import torch

from interpbench_harness.ablation import model_device
from interpbench_harness.graph import NodeKind
from interpbench_harness.masked_ablation import StackedEdgeAblation, StackedNodeAblation
from interpbench_harness.methods.acdc import survival_scores
from interpbench_harness.methods.contract import DiscoveryCase, MethodSettings, Sweep
from interpbench_harness.methods.registry import register
from interpbench_harness.methods.sp_forward import FastEdgeAblation, FastNodeAblation

# Hard-concrete stretch and temperature (Louizos et al. 2018).
BETA, GAMMA, ZETA = 2.0 / 3.0, -0.1, 1.1


def _help(text: str) -> Dict[str, str]:
    return {"help": text}


@dataclasses.dataclass(frozen=True)
class ProbeSettings:
    """The options of `sp` and `edge_sp`."""

    epochs: int = dataclasses.field(default=500, metadata=_help("training epochs at most (upstream: 5000 at lr 0.01)"))
    lr: float = dataclasses.field(default=0.05, metadata=_help("Adam learning rate"))
    batch: int = dataclasses.field(default=50, metadata=_help(
        "rows of the clean/corrupted batch per epoch (cycled in a seeded order)"))
    patience: int = dataclasses.field(default=50, metadata=_help(
        "epochs without a change before stopping early (see the module docstring); >= epochs: never"))
    init: float = dataclasses.field(default=2.0, metadata=_help(
        "initial log-alpha: P(mask on) about 0.9, deterministic mask about 0.96"))
    faithfulness: Literal["l2", "metric"] = dataclasses.field(default="l2", metadata=_help(
        "l2: squared distance of the output vectors (upstream); metric: the case metric"))
    path: Literal["fast", "reference"] = dataclasses.field(default="fast", metadata=_help(
        "fast: a hand-written masked forward (sp_forward); reference: TransformerLens hooks (masked_ablation)"))

    def __post_init__(self) -> None:
        if self.faithfulness not in ("l2", "metric"):
            raise ValueError(f"faithfulness must be 'l2' or 'metric', got {self.faithfulness!r}")
        if self.path not in ("fast", "reference"):
            raise ValueError(f"path must be 'fast' or 'reference', got {self.path!r}")
        for name in ("epochs", "batch", "patience"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not self.lr > 0:
            raise ValueError(f"lr must be positive, got {self.lr!r}")


def _stretched(log_alpha: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One hard-concrete sample per item before the clamp to [0, 1]."""
    # Drawn on the CPU generator whatever the device, so a seed gives the same draws everywhere.
    uniform = torch.rand(log_alpha.shape, generator=generator).clamp(1e-6, 1 - 1e-6)  # device: cpu
    uniform = uniform.to(log_alpha.device)
    return torch.sigmoid((uniform.log() - (-uniform).log1p() + log_alpha) / BETA) * (ZETA - GAMMA) + GAMMA


def _sample_masks(log_alpha: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    return _stretched(log_alpha, generator).clamp(0.0, 1.0)


def _deterministic_masks(log_alpha: torch.Tensor) -> torch.Tensor:
    return (torch.sigmoid(log_alpha) * (ZETA - GAMMA) + GAMMA).clamp(0.0, 1.0)


def _expected_kept(log_alpha: torch.Tensor) -> torch.Tensor:
    """P(mask > 0) per item: the differentiable L0 penalty."""
    return torch.sigmoid(log_alpha - BETA * math.log(-GAMMA / ZETA))


def train_masks(
    case: DiscoveryCase, n_items: int, masked_logits: Callable, lambdas: Sequence[float], settings: ProbeSettings, seed: int
) -> List[torch.Tensor]:
    """One boolean kept-mask over the items per lambda, all lambdas trained together.

    `masked_logits(ablate [copies, n_items], rows)` gives logits [copies, rows, pos, out]. Both
    paths share this loop; the fast one (`settings.path`) runs the live copies only (see
    `_live_faithfulness`) and takes their l2 faithfulness in one reduction.
    """
    device = model_device(case.model)
    generator = torch.Generator().manual_seed(seed)  # CPU: the same draws on every device
    lambdas_t = torch.tensor(list(lambdas), dtype=torch.float32, device=device)
    log_alpha = torch.full((len(lambdas_t), n_items), settings.init, device=device, requires_grad=True)
    optimizer = torch.optim.Adam([log_alpha], lr=settings.lr)
    with torch.no_grad():
        clean_logits = case.model(case.clean.ids.to(device))
    scored = case.clean.scored.to(device)
    n_rows = scored.shape[0]
    order = torch.randperm(n_rows, generator=generator).to(device)  # device: cpu (the CPU generator's order)
    kept, unchanged, window = None, 0, []
    for epoch in range(settings.epochs):
        start = (epoch * settings.batch) % n_rows
        rows = order[start:start + settings.batch]
        target, where = clean_logits[rows], scored[rows]
        if settings.path == "fast":
            faithfulness = _live_faithfulness(case, masked_logits, _stretched(log_alpha, generator), rows, target, where,
                                              settings.faithfulness)
        else:
            masks = _sample_masks(log_alpha, generator)
            logits = masked_logits(1.0 - masks, rows)
            if settings.faithfulness == "l2":
                faithfulness = torch.stack([((copy - target) ** 2).sum(-1)[where].mean() for copy in logits])
            else:
                faithfulness = torch.stack([case.metric(copy, target, where) for copy in logits])
        loss = faithfulness.sum() + (lambdas_t * _expected_kept(log_alpha).mean(-1)).sum()
        # Only the masks' gradient: the frozen weights get none (no wasted work, no .grad left on the model).
        (log_alpha.grad,) = torch.autograd.grad(loss, [log_alpha])
        optimizer.step()
        with torch.no_grad():
            now = _deterministic_masks(log_alpha) > 0.5
            window = (window + [log_alpha.detach().clone()])[-(settings.patience + 1):]
        unchanged = unchanged + 1 if kept is not None and torch.equal(now, kept) else 0
        kept = now
        if unchanged >= settings.patience and not _could_still_flip(window, settings.epochs - epoch - 1):
            break
    return [row.clone() for row in kept]


def _live_faithfulness(case, masked_logits: Callable, stretched: torch.Tensor, rows: torch.Tensor, target: torch.Tensor,
                       where: torch.Tensor, kind: str) -> torch.Tensor:
    """The fast path's faithfulness terms, for the copies whose gradient is not 0 by construction.

    A sampled mask outside [0, 1] before the clamp has a gradient of exactly 0 (the clamp's), so
    a copy whose every mask is so contributes nothing to any gradient: its pass is skipped, and
    the loss, whose value is never read, leaves it out. The other copies run in one pass.
    """
    masks = stretched.clamp(0.0, 1.0)
    live = ((stretched > 0.0) & (stretched < 1.0)).any(-1)
    if not bool(live.any()):
        return masks.new_zeros(0)
    if not bool(live.all()):
        masks = masks[live.nonzero()[:, 0]]
    logits = masked_logits(1.0 - masks, rows)
    if kind == "l2":
        return ((logits - target) ** 2).sum(-1)[:, where].mean(-1)
    return torch.stack([case.metric(copy, target, where) for copy in logits])


def _could_still_flip(window: List[torch.Tensor], remaining: int) -> bool:
    """Whether some log-alpha, moving toward 0 at its pace over `window`, reaches 0 within `remaining` epochs."""
    first, last = window[0], window[-1]
    pace = (last - first) / (len(window) - 1)  # per epoch
    toward = pace * last.sign() < 0
    return bool((toward & (last.abs() <= pace.abs() * remaining)).any())


def _sweep_result(circuits: Dict[float, FrozenSet[str]], case: DiscoveryCase) -> Sweep:
    return Sweep(circuits, edge_scores=survival_scores(circuits, [edge.name for edge in case.universe.edges]))


@register("sp", options=ProbeSettings, returns=Sweep, signed=False)
def node_subnetwork_probing(case: DiscoveryCase, settings: MethodSettings) -> Sweep:
    """Node SP: masks over heads and MLPs; a circuit is every edge between kept nodes (input and output always kept)."""
    probe = ProbeSettings(**settings.options)
    nodes = sorted((n for n in case.universe.nodes if n.is_component), key=lambda node: node.order)
    runner = FastNodeAblation(case, nodes) if probe.path == "fast" else StackedNodeAblation(case, nodes)
    kept_masks = train_masks(case, len(nodes), runner.logits, settings.sweep, probe, settings.seed)
    circuits = {}
    for value, kept in zip(settings.sweep, kept_masks):
        present = {node for node, on in zip(nodes, kept.tolist()) if on}
        present |= {n for n in case.universe.nodes if n.kind in (NodeKind.INPUT, NodeKind.OUTPUT)}
        circuits[value] = frozenset(e.name for e in case.universe.edges if e.sender in present and e.receiver in present)
    return _sweep_result(circuits, case)


@register("edge_sp", options=ProbeSettings, returns=Sweep, signed=False)
def edge_subnetwork_probing(case: DiscoveryCase, settings: MethodSettings) -> Sweep:
    """Edge SP: masks over every edge of the universe."""
    probe = ProbeSettings(**settings.options)
    edges = case.universe.sorted_edges()
    runner = FastEdgeAblation(case, edges) if probe.path == "fast" else StackedEdgeAblation(case, edges)
    kept_masks = train_masks(case, len(edges), lambda ablate, rows: runner.logits(ablate, rows=rows),
                             settings.sweep, probe, settings.seed)
    circuits = {value: frozenset(e.name for e, on in zip(edges, kept.tolist()) if on)
                for value, kept in zip(settings.sweep, kept_masks)}
    return _sweep_result(circuits, case)

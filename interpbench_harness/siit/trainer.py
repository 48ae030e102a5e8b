"""Strict Interchange Intervention Training (SIIT): train a model to run a compiled case's circuit.

A randomly initialised low-level (LL) model learns to copy the compiled tracr model (the
high-level, HL, model) in three ways at once, on (base, source) input pairs:

- behaviour: its output on the base input matches the HL label;
- interchange intervention (IIT): with one aligned node patched from source in both models,
  its output matches the HL model's patched output, so the aligned node carries what the
  HL node carries;
- strict: with one node outside the circuit patched from source, its output keeps the base
  label, so nothing outside the circuit matters.

Cross-entropy against HL argmaxes for categorical cases, MSE for numerical ones, on scored
positions only. The strict weight is applied once (upstream squares it by mistake).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from interpbench_harness import data
from interpbench_harness.ablation import sender_hook
from interpbench_harness.graph import Node
from interpbench_harness.hooked_model import build_model
from interpbench_harness.siit.evaluation import aligned_nodes, evaluate, non_circuit_nodes

POOL_SEED = 0  # the data pool is fixed, so runs with different seeds share validation data
CRITERIA = ("accuracy", "iia", "strict_accuracy")


@dataclasses.dataclass(frozen=True)
class LossWeights:
    behaviour: float = 1.0
    iit: float = 1.0
    strict: float = 0.4


@dataclasses.dataclass
class TrainingHistory:
    """Per-step losses, the validation evaluations, and whether the criteria were met."""

    losses: List[Dict[str, float]] = dataclasses.field(default_factory=list)
    evaluations: List[Dict[str, object]] = dataclasses.field(default_factory=list)
    converged: bool = False
    seconds: float = 0.0

    @property
    def steps(self) -> int:
        return len(self.losses)


def low_level_config(compiled, width: Optional[int] = None) -> Dict[str, object]:
    """The trained model's shape: at least 4 heads and 2 layers, gelu, no LayerNorm.

    `width` overrides d_model (upstream compresses it about 2x against tracr's); d_head keeps
    the heads together at least as wide as the residual stream.
    """
    tracr = compiled.config
    n_heads = max(4, int(tracr["n_heads"]))
    d_model = int(width) if width is not None else int(tracr["d_model"])
    return {
        **tracr,
        "n_layers": max(2, int(tracr["n_layers"])),
        "n_heads": n_heads,
        "d_model": d_model,
        "d_head": max(int(tracr["d_head"]), d_model // n_heads),
        "d_mlp": 4 * d_model,
        "act_fn": "gelu",
    }


def output_loss(logits: torch.Tensor, target: torch.Tensor, scored: torch.Tensor, regression: bool) -> torch.Tensor:
    if regression:
        return F.mse_loss(logits[..., 0][scored], target[scored])
    return F.cross_entropy(logits[scored], target[scored])


def run_with_interchanges(
    model, base_ids: torch.Tensor, source_ids: torch.Tensor, nodes: Sequence[Optional[Node]]
) -> List[torch.Tensor]:
    """Logits on the base inputs once per entry of `nodes`, that node patched from source.

    One forward pass over [base copies; source]: each node's hook copies the source rows'
    output (detached, as upstream) into its own copy of the base rows, which works because
    every row reaches a given hook at the same time. `None` leaves its copy unpatched. A head
    is patched at `hook_z`, which fixes its `hook_result` (z times the head's W_O) and lets
    the pass skip the per-head copies of the residual stream (see `_lean_forward`).
    """
    n_base = len(base_ids)
    source_rows = slice(len(nodes) * n_base, (len(nodes) + 1) * n_base)

    def patch(copy: int, head: Optional[int]):
        rows = slice(copy * n_base, (copy + 1) * n_base)

        def hook(activation, hook):
            activation = activation.clone()
            if head is None:
                activation[rows] = activation[source_rows].detach()
            else:
                activation[rows, :, head] = activation[source_rows, :, head].detach()
            return activation

        return hook

    fwd_hooks = []
    for copy, node in enumerate(nodes):
        if node is not None:
            hook_name, head = sender_hook(node)
            if head is not None:
                hook_name = f"blocks.{node.layer}.attn.hook_z"
            fwd_hooks.append((hook_name, patch(copy, head)))
    ids = torch.cat([base_ids] * len(nodes) + [source_ids])
    with _lean_forward(model):
        logits = model.run_with_hooks(ids, fwd_hooks=fwd_hooks)
    return list(logits[: len(nodes) * n_base].split(n_base))


def train_siit(
    compiled,
    seed: int = 0,
    max_steps: int = 5000,
    batch_size: int = 256,
    lr: float = 1e-3,
    betas: Tuple[float, float] = (0.9, 0.9),
    grad_clip: float = 0.1,
    weights: LossWeights = LossWeights(),
    eval_every: int = 100,
    target: float = 0.995,
    pool_size: int = 20_000,
    validation_fraction: float = 0.2,
    eval_samples: int = 2000,
    width: Optional[int] = None,
    progress: bool = True,
):
    """Train a fresh LL model with SIIT; returns (model, TrainingHistory).

    Batches are drawn with replacement from the training part of a fixed pool of `pool_size`
    inputs (all distinct inputs when the case has fewer). Every `eval_every` steps, and at the
    end, `evaluate` runs on up to `eval_samples` validation inputs, each paired with the next
    one as its source; training stops once accuracy, IIA and strict accuracy all reach
    `target`. The same seed gives the same weights.
    """
    regression = compiled.spec.is_regression
    hl_model = compiled.model()
    hl_model.requires_grad_(False)
    pool = compiled.batch(pool_size, POOL_SEED)
    n_validation = max(1, int(len(pool) * validation_fraction))
    n_train = len(pool) - n_validation
    train = data.TokenBatch(pool.ids[:n_train], pool.scored[:n_train])
    validation = data.TokenBatch(pool.ids[n_train:][:eval_samples], pool.scored[n_train:][:eval_samples])
    validation_source = data.TokenBatch(validation.ids.roll(1, dims=0), validation.scored.roll(1, dims=0))
    train_labels = compiled.labels(train, hl_model)

    torch.manual_seed(seed)
    ll_model = build_model(low_level_config(compiled, width))
    ll_model.train()
    generator = torch.Generator().manual_seed(seed)
    aligned = aligned_nodes(compiled)
    outside = non_circuit_nodes(compiled, ll_model)
    optimizer = torch.optim.Adam(ll_model.parameters(), lr=lr, betas=betas)
    history = TrainingHistory()
    bar = _progress_bar(max_steps, progress)
    started = time.perf_counter()

    def validate(step: int) -> bool:
        ll_model.eval()
        metrics = evaluate(compiled, ll_model, base=validation, source=validation_source, hl_model=hl_model)
        ll_model.train()
        history.evaluations.append({"step": step, "seconds": time.perf_counter() - started, **metrics})
        if bar is not None:
            bar.set_postfix(
                loss=f"{history.losses[-1]['total']:.4f}",
                acc=f"{metrics['accuracy']:.3f}",
                iia=f"{metrics['iia']:.3f}",
                strict=f"{metrics['strict_accuracy']:.3f}",
            )
        return all(metrics[name] >= target for name in CRITERIA)

    for step in range(1, max_steps + 1):
        base_rows = torch.randint(n_train, (batch_size,), generator=generator)
        source_rows = torch.randint(n_train, (batch_size,), generator=generator)
        iit_node = aligned[int(torch.randint(len(aligned), (1,), generator=generator))]
        strict_node = outside[int(torch.randint(len(outside), (1,), generator=generator))]
        base_ids, source_ids = train.ids[base_rows], train.ids[source_rows]
        scored, labels = train.scored[base_rows], train_labels[base_rows]

        with torch.no_grad():
            (hl_patched,) = run_with_interchanges(hl_model, base_ids, source_ids, [iit_node])
            iit_target = hl_patched[..., 0] if regression else hl_patched.argmax(dim=-1)
        behaviour_logits, iit_logits, strict_logits = run_with_interchanges(
            ll_model, base_ids, source_ids, [None, iit_node, strict_node]
        )
        behaviour_loss = output_loss(behaviour_logits, labels, scored, regression)
        iit_loss = output_loss(iit_logits, iit_target, scored, regression)
        strict_loss = output_loss(strict_logits, labels, scored, regression)
        total = weights.behaviour * behaviour_loss + weights.iit * iit_loss + weights.strict * strict_loss

        optimizer.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(ll_model.parameters(), grad_clip)
        optimizer.step()
        history.losses.append(
            {
                "behaviour": behaviour_loss.item(),
                "iit": iit_loss.item(),
                "strict": strict_loss.item(),
                "total": total.item(),
            }
        )
        if bar is not None:
            bar.update(1)
        if step % eval_every == 0 or step == max_steps:
            if validate(step):
                history.converged = True
                break

    history.seconds = time.perf_counter() - started
    if bar is not None:
        bar.close()
    ll_model.eval()
    return ll_model, history


@contextlib.contextmanager
def _lean_forward(model):
    """Switch off per-head results and split q/k/v inputs, which triple a training step's time.

    Patching at `hook_z` needs neither; the switches are restored for evaluation and callers.
    """
    saved = model.cfg.use_attn_result, model.cfg.use_split_qkv_input
    model.cfg.use_attn_result = model.cfg.use_split_qkv_input = False
    try:
        yield
    finally:
        model.cfg.use_attn_result, model.cfg.use_split_qkv_input = saved


def _progress_bar(total: int, enabled: bool):
    """A tqdm bar when asked for and tqdm is installed (it is not a dependency)."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc="SIIT", unit="step")

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

That is our recipe, the default. `TrainingSettings(recipe="upstream")` trains as upstream's code
does instead (see `recipes.py`: squared strict weight, one optimiser step per loss, detached
sources, one node per batch, constant LR, per-epoch stopping); acceptance is ours either way.

Patched activations are NOT detached from the source rows' graph: the strict loss must be able
to shrink what a non-circuit node writes. With the source detached, a last-layer MLP's strict
loss has no gradient into its own weights, and on case 14 strict accuracy stalled near 0.7;
without the detach case 14 meets every criterion in 1000 steps.
"""

from __future__ import annotations

import dataclasses
import os
import time
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from interpbench_harness import data
from interpbench_harness.ablation import node_hook
from interpbench_harness.graph import Node
from interpbench_harness.hooked_model import attention_switches, build_model
from interpbench_harness.siit.evaluation import aligned_nodes, evaluate, high_level_reference, non_circuit_nodes
from interpbench_harness.siit.recipes import (
    RECIPES,
    SHAPES,
    UPSTREAM,
    effective_strict_weight,
    upstream_steps_per_epoch,
    upstream_widths,
)

POOL_SEED = 0  # the data pool is fixed, so runs with different seeds share validation data
CRITERIA = ("accuracy", "iia", "strict_accuracy")


TRAINER_VERSION = "2"  # bump when a change to this module changes the weights a seed gives


@dataclasses.dataclass(frozen=True)
class LossWeights:
    behaviour: float = 1.0
    iit: float = 1.0
    strict: float = 0.4

    @property
    def behaviour_only(self) -> bool:
        return self.iit == 0 and self.strict == 0


NATURAL_WEIGHTS = LossWeights(behaviour=1.0, iit=0.0, strict=0.0)


@dataclasses.dataclass(frozen=True)
class TrainingSettings:
    """Everything that, with the compiled case and the trainer version, fixes the weights.

    Upstream's optimiser (Adam, lr 1e-3, betas (0.9, 0.9), grad-clip 0.1, batch 256) with its
    later releases' linear LR decay. `width` None keeps tracr's d_model (see the manifest).
    `max_steps` is also where the LR reaches 0: 6000 rather than our earlier 3000, because
    three cases (89, 98, 117) met the criteria only on the longer schedule; training stops
    at the criteria either way (each shipped manifest records the value it was trained with).
    `recipe` "upstream" trains as upstream's code does (`recipes.py`; build such settings with
    `store.policy.default_settings(source, recipe="upstream")`); `max_steps` then only caps
    upstream's epoch limit and `eval_every` is replaced by upstream's epoch length. `shape`
    "upstream" gives the model upstream's compressed widths (`recipes.upstream_widths`) instead
    of tracr's.
    """

    seed: int = 0
    max_steps: int = 6000
    batch_size: int = 256
    lr: float = 1e-3
    betas: Tuple[float, float] = (0.9, 0.9)
    grad_clip: float = 0.1
    weights: LossWeights = LossWeights()
    lr_decay: bool = True
    eval_every: int = 100
    target: float = 0.995
    pool_size: int = 20_000
    validation_fraction: float = 0.2
    eval_samples: int = 2000
    width: Optional[int] = None
    recipe: str = "ours"
    shape: str = "tracr"

    def __post_init__(self):
        if self.recipe not in RECIPES:
            raise ValueError(f"unknown training recipe {self.recipe!r}; available: {', '.join(RECIPES)}")
        if self.shape not in SHAPES:
            raise ValueError(f"unknown model shape {self.shape!r}; available: {', '.join(SHAPES)}")
        if self.shape == "upstream" and self.width is not None:
            raise ValueError("a width and the upstream shape exclude each other: the upstream shape sets the widths")

    @property
    def criteria(self) -> Tuple[str, ...]:
        """What must reach `target`: all three, or accuracy alone for behaviour-only training."""
        return ("accuracy",) if self.weights.behaviour_only else CRITERIA

    def replace(self, **changes) -> "TrainingSettings":
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass
class TrainingHistory:
    """Per-step losses, the validation evaluations, and whether the criteria were met."""

    losses: List[Dict[str, float]] = dataclasses.field(default_factory=list)
    evaluations: List[Dict[str, object]] = dataclasses.field(default_factory=list)
    converged: bool = False
    seconds: float = 0.0  # wall time in all
    step_seconds: float = 0.0  # of which in training steps (the rest is evaluation and set-up)

    @property
    def steps(self) -> int:
        return len(self.losses)

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.step_seconds if self.step_seconds else 0.0


def low_level_config(compiled, width: Optional[int] = None, shape: str = "tracr") -> Dict[str, object]:
    """The trained model's shape: at least 4 heads and 2 layers, gelu, no LayerNorm.

    Shape "tracr": tracr's d_model, or `width`; d_head keeps the heads together at least as wide
    as the residual stream. Shape "upstream": the widths upstream's code gives a compiled case
    (about 2x narrower, `recipes.upstream_widths`); a case not compiled from RASP (IOI) already
    has upstream's shape. d_mlp is 4 x d_model either way.
    """
    tracr = compiled.config
    n_heads = max(4, int(tracr["n_heads"]))
    d_model = int(width) if width is not None else int(tracr["d_model"])
    widths = {"d_model": d_model, "d_head": max(int(tracr["d_head"]), d_model // n_heads), "d_mlp": 4 * d_model}
    if shape == "upstream" and compiled.spec.loader is None:
        widths = upstream_widths(compiled.spec.case_id, tracr, n_heads)
    return {**tracr, "n_layers": max(2, int(tracr["n_layers"])), "n_heads": n_heads, **widths, "act_fn": "gelu"}


def output_loss(logits: torch.Tensor, target: torch.Tensor, scored: torch.Tensor, regression: bool) -> torch.Tensor:
    if regression:
        return F.mse_loss(logits[..., 0][scored], target[scored])
    return F.cross_entropy(logits[scored], target[scored])


def run_with_interchanges(
    model, base_ids: torch.Tensor, source_ids: torch.Tensor, node_of_row: Sequence[Optional[Node]],
    detach_source: bool = False,
) -> Tuple[torch.Tensor, torch.Tensor]:
    """Logits on each base row with its node patched from the source row beside it, and on the sources.

    One forward pass over [bases; sources]: row i of the bases has node `node_of_row[i]`
    (None: nothing) copied from row i of the sources. Many nodes are
    trained in one pass this way, each on its own rows; gradients flow into the source rows
    (see the module docstring). A head is patched at `hook_z`, which
    fixes its `hook_result` (z times the head's W_O) and lets the pass skip the per-head
    copies of the residual stream and the split q/k/v inputs, which triple a training step's
    time. The sources run unpatched. `detach_source` cuts the patched values from the source
    rows' graph, as upstream's recipe does.
    """
    n_base = len(base_ids)
    rows_by_hook: Dict[str, List[Tuple[Optional[int], torch.Tensor]]] = {}
    for node in {n for n in node_of_row if n is not None}:
        rows = torch.tensor([i for i, n in enumerate(node_of_row) if n == node])
        hook_name, head = node_hook(node)
        rows_by_hook.setdefault(hook_name, []).append((head, rows))

    def patch(targets):
        def hook(activation, hook):
            activation = activation.clone()
            for head, rows in targets:
                if head is None:
                    source = activation[rows + n_base]
                    activation[rows] = source.detach() if detach_source else source
                else:
                    source = activation[rows + n_base, :, head]
                    activation[rows, :, head] = source.detach() if detach_source else source
            return activation

        return hook

    fwd_hooks = [(name, patch(targets)) for name, targets in sorted(rows_by_hook.items())]
    with attention_switches(model, per_head_results=False, split_qkv_inputs=False):
        logits = model.run_with_hooks(torch.cat([base_ids, source_ids]), fwd_hooks=fwd_hooks)
    return logits[:n_base], logits[n_base:]


def spread(nodes: Sequence[Node], n_rows: int, generator: torch.Generator) -> List[Node]:
    """`n_rows` nodes, each of `nodes` equally often (up to one), in random order."""
    order = torch.randperm(n_rows, generator=generator)
    return [nodes[int(i) % len(nodes)] for i in order]


def train_siit(
    compiled, settings: TrainingSettings = TrainingSettings(), progress: bool = True,
    checkpoint: Optional[Path] = None, checkpoint_key: str = "",
):
    """Train a fresh LL model with SIIT; returns (model, TrainingHistory).

    Batches are drawn with replacement from the training part of a fixed pool of `pool_size`
    inputs (all distinct inputs when the case has fewer). Each step trains behaviour on the
    source rows, IIT on `batch_size` base rows spread evenly over the aligned nodes, and
    strict on `batch_size` more spread over the non-circuit nodes, all in one LL forward
    pass. Every `eval_every` steps, and at the end, `evaluate` runs on up to `eval_samples`
    validation inputs, each paired with the next one as its source; training stops once the
    settings' criteria all reach `target`. The same settings give the same weights.

    With `checkpoint`, the whole training state is saved there after every evaluation, and a
    run that finds a checkpoint with the same `checkpoint_key` (the caller's digest of case,
    settings and trainer version) continues from it to the same weights as an uninterrupted
    run: a large case can take longer than one sitting.

    With `settings.recipe` "upstream" each step is `_upstream_step` instead, evaluation comes
    once per upstream epoch and at the end, training stops by upstream's rule (at most
    `UPSTREAM.epochs` epochs, and never past `max_steps`), and `converged` still says whether
    our criteria were met at the last evaluation.
    """
    s = settings
    upstream = s.recipe == "upstream"
    regression = compiled.spec.is_regression
    hl_model = compiled.model()
    hl_model.requires_grad_(False)
    pool = compiled.batch(s.pool_size, POOL_SEED, variable_length=True)
    n_validation = max(1, int(len(pool) * s.validation_fraction))
    n_train = len(pool) - n_validation
    train = data.TokenBatch(pool.ids[:n_train], pool.scored[:n_train])
    validation = data.TokenBatch(pool.ids[n_train:][: s.eval_samples], pool.scored[n_train:][: s.eval_samples])
    validation_source = data.TokenBatch(validation.ids.roll(1, dims=0), validation.scored.roll(1, dims=0))
    train_labels = compiled.labels(train, hl_model)
    validation_reference = high_level_reference(compiled, validation, validation_source, hl_model)
    behaviour_targets, behaviour_scored = compiled.behaviour_targets(train, train_labels)

    torch.manual_seed(s.seed)
    ll_model = build_model(low_level_config(compiled, s.width, s.shape))
    ll_model.train()
    generator = torch.Generator().manual_seed(s.seed)
    aligned = aligned_nodes(compiled)
    outside = non_circuit_nodes(compiled, ll_model)
    optimizer = torch.optim.Adam(ll_model.parameters(), lr=s.lr, betas=s.betas)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, (lambda step: 1.0 - step / s.max_steps) if s.lr_decay else (lambda step: 1.0)
    )
    history = TrainingHistory()
    first_step, earlier_seconds = 1, 0.0
    resumed = _load_checkpoint(checkpoint, checkpoint_key)
    if resumed is not None:
        ll_model.load_state_dict(resumed["model"])
        optimizer.load_state_dict(resumed["optimizer"])
        schedule.load_state_dict(resumed["schedule"])
        generator.set_state(resumed["generator"])
        history = TrainingHistory(**resumed["history"])
        first_step, earlier_seconds = history.steps + 1, history.seconds
    last_step, eval_every = s.max_steps, s.eval_every
    if upstream:
        eval_every = upstream_steps_per_epoch(compiled.spec, s.batch_size)
        last_step = min(s.max_steps, UPSTREAM.epochs * eval_every)
    bar = _progress_bar(last_step, progress, initial=first_step - 1,
                        description="SIIT" if resumed is None else f"SIIT (resumed at step {first_step - 1})")
    started = time.perf_counter() - earlier_seconds

    def validate(step: int) -> Dict[str, object]:
        ll_model.eval()
        metrics = evaluate(compiled, ll_model, base=validation, source=validation_source, hl_reference=validation_reference)
        ll_model.train()
        history.evaluations.append({"step": step, "seconds": time.perf_counter() - started, **metrics})
        if bar is not None:
            bar.set_postfix(
                loss=f"{history.losses[-1]['total']:.4f}",
                acc=f"{metrics['accuracy']:.3f}",
                iia=f"{metrics['iia']:.3f}",
                strict=f"{metrics['strict_accuracy']:.3f}",
            )
        return metrics

    def meets_criteria(metrics: Dict[str, object]) -> bool:
        return all(metrics[name] >= s.target for name in s.criteria)

    for step in range(first_step, last_step + 1):
        step_started = time.perf_counter()
        if upstream:
            history.losses.append(_upstream_step(
                s, ll_model, hl_model, optimizer, generator, train, train_labels, behaviour_targets,
                behaviour_scored, aligned, outside, regression,
            ))
            schedule.step()
            history.step_seconds += time.perf_counter() - step_started
            if bar is not None:
                bar.update(1)
            if step % eval_every == 0 or step == last_step:
                metrics = validate(step)
                history.converged = meets_criteria(metrics)
                if _upstream_stops(s, metrics):
                    break
                if checkpoint is not None and step < last_step:
                    history.seconds = time.perf_counter() - started
                    _save_checkpoint(checkpoint, checkpoint_key, ll_model, optimizer, schedule, generator, history)
            continue
        base_rows = torch.randint(n_train, (2 * s.batch_size,), generator=generator)
        source_rows = torch.randint(n_train, (2 * s.batch_size,), generator=generator)
        iit_rows = spread(aligned, s.batch_size, generator)
        strict_rows = spread(outside, s.batch_size, generator) if outside else [None] * s.batch_size
        base_ids, source_ids = train.ids[base_rows], train.ids[source_rows]
        base_scored = train.scored[base_rows]
        iit = slice(0, s.batch_size)
        strict = slice(s.batch_size, 2 * s.batch_size)

        if s.weights.behaviour_only:  # the `natural` recipe: no interventions to run
            with attention_switches(ll_model, per_head_results=False, split_qkv_inputs=False):
                source_logits = ll_model(source_ids)
            behaviour_loss = output_loss(source_logits, behaviour_targets[source_rows], behaviour_scored[source_rows], regression)
            iit_loss = strict_loss = torch.zeros(())
        else:
            with torch.no_grad():
                hl_patched, _ = run_with_interchanges(hl_model, base_ids[iit], source_ids[iit], iit_rows)
                iit_target = hl_patched[..., 0] if regression else hl_patched.argmax(dim=-1)
            patched_logits, source_logits = run_with_interchanges(
                ll_model, base_ids, source_ids, iit_rows + strict_rows
            )
            behaviour_loss = output_loss(source_logits, behaviour_targets[source_rows], behaviour_scored[source_rows], regression)
            iit_loss = output_loss(patched_logits[iit], iit_target, base_scored[iit], regression)
            strict_loss = output_loss(
                patched_logits[strict], train_labels[base_rows[strict]], base_scored[strict], regression
            )
        total = s.weights.behaviour * behaviour_loss + s.weights.iit * iit_loss + s.weights.strict * strict_loss

        optimizer.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(ll_model.parameters(), s.grad_clip)
        optimizer.step()
        schedule.step()
        history.losses.append(
            {
                "behaviour": behaviour_loss.item(),
                "iit": iit_loss.item(),
                "strict": strict_loss.item(),
                "total": total.item(),
            }
        )
        history.step_seconds += time.perf_counter() - step_started
        if bar is not None:
            bar.update(1)
        if step % s.eval_every == 0 or step == s.max_steps:
            if meets_criteria(validate(step)):
                history.converged = True
                break
            if checkpoint is not None and step < s.max_steps:
                history.seconds = time.perf_counter() - started
                _save_checkpoint(checkpoint, checkpoint_key, ll_model, optimizer, schedule, generator, history)

    history.seconds = time.perf_counter() - started
    if bar is not None:
        bar.close()
    ll_model.eval()
    return ll_model, history


def _upstream_step(
    s: TrainingSettings, ll_model, hl_model, optimizer, generator: torch.Generator, train: data.TokenBatch,
    train_labels: torch.Tensor, behaviour_targets: torch.Tensor, behaviour_scored: torch.Tensor,
    aligned: Sequence[Node], outside: Sequence[Node], regression: bool,
) -> Dict[str, float]:
    """One batch as upstream's StrictIITModelPair.run_train_step trains it (see `recipes.UPSTREAM`).

    `batch_size` (base, source) pairs; one aligned node and one non-circuit node for the whole
    batch; the source's activations detached; then, in upstream's order, an optimiser step (with
    its own gradient clip) for each loss of non-zero weight: IIT, strict (weight squared),
    behaviour (on the base inputs). Returns the unweighted losses and the weighted total.
    """
    n_train = len(train.ids)
    base_rows = torch.randint(n_train, (s.batch_size,), generator=generator)
    source_rows = torch.randint(n_train, (s.batch_size,), generator=generator)
    base_ids, source_ids, base_scored = train.ids[base_rows], train.ids[source_rows], train.scored[base_rows]
    hl_node = aligned[int(torch.randint(len(aligned), (), generator=generator))]
    strict_node = outside[int(torch.randint(len(outside), (), generator=generator))] if outside else None
    weights = {"iit": s.weights.iit, "strict": effective_strict_weight(s), "behaviour": s.weights.behaviour}

    def loss_of(name: str) -> torch.Tensor:
        if name == "iit":
            with torch.no_grad():
                hl_patched, _ = run_with_interchanges(hl_model, base_ids, source_ids, [hl_node] * s.batch_size)
                target = hl_patched[..., 0] if regression else hl_patched.argmax(dim=-1)
            patched, _ = run_with_interchanges(ll_model, base_ids, source_ids, [hl_node] * s.batch_size,
                                               detach_source=UPSTREAM.detach_source)
            return output_loss(patched, target, base_scored, regression)
        if name == "strict":
            patched, _ = run_with_interchanges(ll_model, base_ids, source_ids, [strict_node] * s.batch_size,
                                               detach_source=UPSTREAM.detach_source)
            return output_loss(patched, train_labels[base_rows], base_scored, regression)
        with attention_switches(ll_model, per_head_results=False, split_qkv_inputs=False):
            logits = ll_model(base_ids)
        return output_loss(logits, behaviour_targets[base_rows], behaviour_scored[base_rows], regression)

    losses = {name: 0.0 for name in UPSTREAM.loss_order}
    total = 0.0
    for name in UPSTREAM.loss_order:
        if weights[name] <= 0 or (name == "strict" and strict_node is None):
            continue
        loss = loss_of(name)
        optimizer.zero_grad()
        (weights[name] * loss).backward()
        torch.nn.utils.clip_grad_norm_(ll_model.parameters(), s.grad_clip)
        optimizer.step()
        losses[name] = loss.item()
        total += weights[name] * losses[name]
    return {**losses, "total": total}


def _upstream_stops(s: TrainingSettings, metrics: Dict[str, object]) -> bool:
    """Upstream's early stop: every accuracy of a loss with non-zero weight at the threshold
    (accuracy exactly 1 when the IIT weight is 0, as IITBehaviorModelPair asks)."""
    if s.weights.iit == 0:
        return metrics["accuracy"] == 1.0
    checked = [name for name, weight in (("accuracy", s.weights.behaviour), ("iia", s.weights.iit),
                                         ("strict_accuracy", s.weights.strict)) if weight > 0]
    return all(metrics[name] >= UPSTREAM.early_stop_threshold for name in checked)


def _save_checkpoint(path: Path, key: str, model, optimizer, schedule, generator, history) -> None:
    """Write the training state atomically (a crash mid-write leaves the previous checkpoint)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "key": key,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "schedule": schedule.state_dict(),
        "generator": generator.get_state(),
        "history": dataclasses.asdict(history),
    }
    partial = path.with_name(path.name + ".writing")
    torch.save(state, partial)
    os.replace(partial, path)


def _load_checkpoint(path: Optional[Path], key: str) -> Optional[Dict[str, object]]:
    """The saved state if `path` holds one for `key`; None (start afresh) otherwise.

    A checkpoint for other settings, another case or another trainer version is ignored and
    later overwritten; loading uses weights_only, so the file cannot run code.
    """
    if path is None or not path.exists():
        return None
    try:
        state = torch.load(path, weights_only=True)
    except Exception as error:  # unreadable: say so, start afresh (it is overwritten later)
        warnings.warn(f"ignoring the training checkpoint {path}: it could not be read ({error})", stacklevel=2)
        return None
    return state if isinstance(state, dict) and state.get("key") == key else None


def _progress_bar(total: int, enabled: bool, initial: int = 0, description: str = "SIIT"):
    """A tqdm bar when asked for and tqdm is installed (it is not a dependency)."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, initial=initial, desc=description, unit="step")

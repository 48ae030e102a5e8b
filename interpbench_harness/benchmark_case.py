"""What a discovery method is handed: one case's model, data, metric and graph.

The model comes from the model store (`store.resolution.resolve_model`): `siit` (the benchmark's
trained models, default), `tracr` (the exact compiled model), `natural` (same shape, trained
on behaviour only) or `interpbench` (upstream's released models, scored against their own
`edges.pkl`). Labels always come from the compiled model: they are the task's answers.

`device` (default the CPU) is where the case's model, data and labels are put: `cpu`, `cuda`,
`cuda:N` or `mps` (a `torch.device` too). What every case shares is built and cached on the CPU;
each case gets its own copies on its device.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import torch

from interpbench_harness import data
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.graph import Circuit, universe
from interpbench_harness.store.resolution import SOURCES as MODEL_SOURCES
from interpbench_harness.store.resolution import resolve_model


@dataclasses.dataclass
class BenchmarkCase:
    """One case, ready for a method. `ground_truth` is for scoring and the oracle only."""

    spec: CaseSpec
    model_source: str
    model: torch.nn.Module
    clean: data.TokenBatch
    corrupted: data.TokenBatch
    labels: torch.Tensor  # [batch, pos]: class indices, or values for regression cases
    universe: Circuit  # the model's head-level nodes and edges: what scores are keyed by
    universe_qkv: Circuit
    ground_truth: Circuit  # the compiled circuit inside this model (graph.Circuit.embedded)
    model_origin: str = "compiled"  # where the store found the model (see store.resolution)
    model_sha256: str = ""
    ground_truth_note: str = ""  # a released model's edges.pkl against our ground truth ("" = same)
    device: torch.device = torch.device("cpu")  # where model, data and labels are; make new tensors here

    @property
    def case_id(self) -> str:
        return self.spec.case_id

    @property
    def is_regression(self) -> bool:
        return self.spec.is_regression

    def metric(self, logits: torch.Tensor, reference: torch.Tensor, scored: "torch.Tensor | None" = None) -> torch.Tensor:
        """How far `logits` are from `reference` (both [batch, pos, out]) on scored positions.

        KL(reference || logits) per position for categorical cases, squared error for regression
        cases, averaged over the clean batch's scored positions (never BOS or PAD); pass
        `scored` (the matching rows of `case.clean.scored`) when the logits cover some rows only.
        Cases whose spec says `metric="answer_logit"` (IOI, scored at the last position) use the
        drop in the logit of the reference's answer instead, as the IOI literature does; it is
        signed, so an ablation that raises the answer's logit gives a negative value.
        """
        scored = self.clean.scored if scored is None else scored
        if self.spec.metric == "answer_logit":
            answer = reference.argmax(dim=-1, keepdim=True)
            per_position = (reference.gather(-1, answer) - logits.gather(-1, answer))[..., 0]
        elif self.is_regression:
            per_position = (logits[..., 0] - reference[..., 0]) ** 2
        else:
            log_p = torch.log_softmax(reference, dim=-1)
            log_q = torch.log_softmax(logits, dim=-1)
            per_position = (log_p.exp() * (log_p - log_q)).sum(-1)
        return per_position[scored].mean()


@lru_cache(maxsize=None)
def _loaded(spec: CaseSpec, model_source: str, n_samples: int, train_missing: bool):
    """What every test of this case shares within a worker: the resolved model, data, labels.

    Never hand these out as they are: `load_benchmark_case` gives each case its own copies.
    """
    compiled = load_compiled_case(spec)
    stored = resolve_model(spec, model_source, train_missing=train_missing)
    compiled = stored.case if stored.case is not None else compiled  # e.g. IOI weights that read GPT-2 ids
    clean = compiled.batch(n_samples, data.CLEAN_SEED)
    corrupted = compiled.corrupted_batch(n_samples)
    return compiled, stored, clean, corrupted, compiled.labels(clean)


def load_benchmark_case(
    spec: CaseSpec,
    model_source: str = "siit",
    n_samples: int = data.DEFAULT_SAMPLES,
    train_missing: bool = False,
    device: "str | torch.device" = "cpu",
) -> BenchmarkCase:
    """Build the case a method sees, with its model, data and labels on `device`.

    The model is resolved and the data built once per process (on the CPU); each call gets a
    fresh copy of the model (milliseconds) and of the data and labels (clones of the cached
    tensors, microseconds), so no method sees what another one did to them, e.g.
    `case.clean.ids.zero_()`. A bare `cuda` means torch's current GPU, recorded with its index.
    """
    if model_source not in MODEL_SOURCES:
        raise ValueError(f"unknown model source {model_source!r}; available: {', '.join(MODEL_SOURCES)}")
    device = _resolved(torch.device(device))
    compiled, stored, clean, corrupted, labels = _loaded(spec, model_source, n_samples, train_missing)
    model = stored.fresh_model()
    if device.type != "cpu":
        # TransformerLens's own `to` with the full name: it also sets cfg.device, which its forward
        # moves tokens and activations to ("cuda" alone would mean GPU 0 there, whatever the index).
        model.to(str(device), print_details=False)
    n_layers, n_heads = model.cfg.n_layers, model.cfg.n_heads  # a trained model is wider and deeper
    return BenchmarkCase(
        spec=spec,
        model_source=model_source,
        model=model,
        clean=_copy(clean, device),
        corrupted=_copy(corrupted, device),
        labels=labels.to(device, copy=True),
        universe=universe(n_layers, n_heads),
        universe_qkv=universe(n_layers, n_heads, qkv=True),
        ground_truth=stored.ground_truth if stored.ground_truth is not None else compiled.ground_truth.embedded(n_layers),
        model_origin=stored.origin,
        model_sha256=stored.weights_sha256,
        ground_truth_note=stored.ground_truth_note,
        device=device,
    )


def _resolved(device: torch.device) -> torch.device:
    """`device` with its index where torch would pick one (a bare `cuda`: the current GPU)."""
    if device.type == "cuda" and device.index is None:
        return torch.device("cuda", torch.cuda.current_device())
    return device


def _copy(batch: data.TokenBatch, device: torch.device) -> data.TokenBatch:
    return dataclasses.replace(batch, ids=batch.ids.to(device, copy=True), scored=batch.scored.to(device, copy=True))

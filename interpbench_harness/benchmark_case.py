"""What a discovery method is handed: one case's model, data, metric and graph.

The model source today is `tracr`: the exact compiled model, whose ground truth holds by
construction (the SIIT-trained sources come with the model store).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import torch

from interpbench_harness import data
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.graph import Circuit

MODEL_SOURCES = ("tracr",)


@dataclasses.dataclass
class BenchmarkCase:
    """One case, ready for a method. `ground_truth` is for scoring and the oracle only."""

    spec: CaseSpec
    model_source: str
    model: torch.nn.Module
    clean: data.TokenBatch
    corrupted: data.TokenBatch
    labels: torch.Tensor  # [batch, pos]: class indices, or values for regression cases
    universe: Circuit  # head-level nodes and edges: what scores are keyed by
    universe_qkv: Circuit
    ground_truth: Circuit

    @property
    def case_id(self) -> str:
        return self.spec.case_id

    @property
    def is_regression(self) -> bool:
        return self.spec.is_regression

    def metric(self, logits: torch.Tensor, reference: torch.Tensor) -> torch.Tensor:
        """How far `logits` are from `reference` (both [batch, pos, out]) on scored positions.

        KL(reference || logits) per position for categorical cases, squared error for regression
        cases, averaged over the clean batch's scored positions (never BOS or PAD).
        """
        scored = self.clean.scored
        if self.is_regression:
            per_position = (logits[..., 0] - reference[..., 0]) ** 2
        else:
            log_p = torch.log_softmax(reference, dim=-1)
            log_q = torch.log_softmax(logits, dim=-1)
            per_position = (log_p.exp() * (log_p - log_q)).sum(-1)
        return per_position[scored].mean()


@lru_cache(maxsize=None)
def _compiled(spec: CaseSpec):
    return load_compiled_case(spec)


def load_benchmark_case(spec: CaseSpec, model_source: str = "tracr", n_samples: int = data.DEFAULT_SAMPLES) -> BenchmarkCase:
    """Build the case a method sees; compiled artefacts are cached per process and on disk."""
    if model_source not in MODEL_SOURCES:
        raise ValueError(f"unknown model source {model_source!r}; available: {', '.join(MODEL_SOURCES)}")
    compiled = _compiled(spec)
    model = compiled.model()
    clean = compiled.batch(n_samples, data.CLEAN_SEED)
    corrupted = compiled.batch(n_samples, data.CORRUPTED_SEED)
    return BenchmarkCase(
        spec=spec,
        model_source=model_source,
        model=model,
        clean=clean,
        corrupted=corrupted,
        labels=compiled.labels(clean, model),
        universe=compiled.universe(),
        universe_qkv=compiled.universe(qkv=True),
        ground_truth=compiled.ground_truth,
    )

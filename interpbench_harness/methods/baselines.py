"""Reference methods that check the harness itself: a seeded random scorer and the oracle."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from interpbench_harness.methods.contract import DiscoveryCase, EdgeScores, MethodSettings
from interpbench_harness.methods.registry import register

if TYPE_CHECKING:
    from interpbench_harness.benchmark_case import BenchmarkCase


@register("random", returns=EdgeScores, signed=False)
def random_scores(case: DiscoveryCase, settings: MethodSettings) -> EdgeScores:
    """Uniform random score per edge, seeded by the run seed and the case: the chance baseline."""
    rng = random.Random(f"{settings.seed}:{case.case_id}")
    return EdgeScores({edge.name: rng.random() for edge in case.universe.sorted_edges()})


@register("ground_truth", returns=EdgeScores, signed=False)
def ground_truth_oracle(case: "BenchmarkCase", settings: MethodSettings) -> EdgeScores:  # the one reader of ground_truth
    """1 for ground-truth edges, 0 otherwise: must score AUROC 1.0 everywhere, or the harness is wrong."""
    truth = {edge.name for edge in case.ground_truth.edges}
    return EdgeScores({edge.name: float(edge.name in truth) for edge in case.universe.sorted_edges()})

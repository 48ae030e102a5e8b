"""Reference methods that check the harness itself: a seeded random scorer and the oracle."""

from __future__ import annotations

import random

from interpbench_harness.methods.contract import EdgeScores, MethodSettings
from interpbench_harness.methods.registry import register


@register("random")
def random_scores(case, settings: MethodSettings) -> EdgeScores:
    """Uniform random score per edge, seeded by the run seed and the case: the chance baseline."""
    rng = random.Random(f"{settings.seed}:{case.case_id}")
    return EdgeScores({edge.name: rng.random() for edge in case.universe.sorted_edges()})


@register("ground_truth")
def ground_truth_oracle(case, settings: MethodSettings) -> EdgeScores:
    """1 for ground-truth edges, 0 otherwise: must score AUROC 1.0 everywhere, or the harness is wrong."""
    truth = {edge.name for edge in case.ground_truth.edges}
    return EdgeScores({edge.name: float(edge.name in truth) for edge in case.universe.sorted_edges()})

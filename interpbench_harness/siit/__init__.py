"""Strict Interchange Intervention Training: models trained to implement a compiled case's circuit."""

from interpbench_harness.siit.evaluation import evaluate
from interpbench_harness.siit.recipes import RECIPES, UPSTREAM, UpstreamRecipe, effective_strict_weight
from interpbench_harness.siit.trainer import (
    NATURAL_WEIGHTS,
    TRAINER_VERSION,
    LossWeights,
    TrainingHistory,
    TrainingSettings,
    low_level_config,
    train_siit,
)

__all__ = [
    "NATURAL_WEIGHTS",
    "RECIPES",
    "TRAINER_VERSION",
    "LossWeights",
    "TrainingHistory",
    "TrainingSettings",
    "UPSTREAM",
    "UpstreamRecipe",
    "effective_strict_weight",
    "evaluate",
    "low_level_config",
    "train_siit",
]

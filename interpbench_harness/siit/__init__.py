"""Strict Interchange Intervention Training: models trained to implement a compiled case's circuit."""

from interpbench_harness.siit.evaluation import evaluate
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
    "TRAINER_VERSION",
    "LossWeights",
    "TrainingHistory",
    "TrainingSettings",
    "evaluate",
    "low_level_config",
    "train_siit",
]

"""Strict Interchange Intervention Training: models trained to implement a compiled case's circuit."""

from interpbench_harness.siit.evaluation import evaluate
from interpbench_harness.siit.trainer import LossWeights, TrainingHistory, low_level_config, train_siit

__all__ = ["LossWeights", "TrainingHistory", "evaluate", "low_level_config", "train_siit"]

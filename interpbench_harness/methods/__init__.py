"""Circuit-discovery methods: the contract, the registry, and the built-in ones."""

from interpbench_harness.methods.contract import EdgeScores, MethodSettings, NodeScores, Sweep
from interpbench_harness.methods.registry import register

__all__ = ["EdgeScores", "MethodSettings", "NodeScores", "Sweep", "register"]

"""Circuit-discovery methods: the contract, the registry, and the built-in ones."""

from interpbench_harness.methods.contract import DiscoveryCase, EdgeScores, MethodSettings, NodeScores, Sweep
from interpbench_harness.methods.registry import declare, register, resolve_options

__all__ = ["DiscoveryCase", "EdgeScores", "MethodSettings", "NodeScores", "Sweep", "declare", "register",
           "resolve_options"]

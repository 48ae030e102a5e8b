"""interpbench-harness: benchmark circuit-discovery methods on models with known circuits."""

__version__ = "0.1.0"

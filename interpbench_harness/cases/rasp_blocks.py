"""RASP building blocks shared by several case programs.

Each call builds fresh SOps named after the caller's `name`, so one program can use a block
twice without clashing labels (tracr identifies SOps by label).
"""

from __future__ import annotations

from typing import Callable

from tracr.rasp import rasp


def sequence_length(name: str) -> rasp.SOp:
    """The number of tokens, at every position (bidirectional programs only)."""
    everything = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named(f"{name}_all")
    return rasp.SelectorWidth(everything).named(name)


def token_map(fn: Callable, name: str) -> rasp.SOp:
    """A categorical per-token lookup table (one MLP)."""
    return rasp.Map(fn, rasp.tokens).named(name)

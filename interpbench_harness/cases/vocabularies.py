"""The token sets upstream's cases draw from, as small functions of their parameters.

A case's vocabulary decides tracr's token ids (tracr sorts the token space, BOS and PAD
included), so it has to be upstream's exactly, element types included: int 3 and str "3" are
different tokens.
"""

from __future__ import annotations

import random
import string
from typing import FrozenSet


def letters(count: int = 26) -> FrozenSet[str]:
    """The first `count` lowercase ASCII letters."""
    return frozenset(string.ascii_lowercase[:count])


def digit_strings(count: int = 10) -> FrozenSet[str]:
    """The first `count` decimal digits as one-character strings."""
    return frozenset(string.digits[:count])


def digits(count: int = 10) -> FrozenSet[int]:
    """The integers 0 .. count - 1 (upstream calls them int digits)."""
    return frozenset(range(count))


def integers(low: int = 0, high: int = 11) -> FrozenSet[int]:
    """The integers low .. high - 1."""
    return frozenset(range(low, high))


def integer_strings(low: int = 0, high: int = 20) -> FrozenSet[str]:
    """The integers low .. high - 1, written as strings."""
    return frozenset(str(n) for n in range(low, high))


def evenly_spaced_floats(low: float = 0, high: float = 5, count: int = 20) -> FrozenSet[float]:
    """`count` floats from `low` in steps of (high - low) / count, `high` excluded."""
    return frozenset(low + step * (high - low) / count for step in range(count))


def random_words(
    seed: int = 42, min_chars: int = 1, max_chars: int = 8, min_words: int = 5, max_words: int = 20
) -> FrozenSet[str]:
    """Upstream's generated word list: a seeded number of random-length words of ASCII letters.

    The draws go through Python's `random` in upstream's order (word count, then per word its
    length and its letters), so the same seed gives the same words. The global generator is
    saved and restored, so building a vocabulary never disturbs anyone else's random stream.
    """
    saved = random.getstate()
    try:
        random.seed(seed)
        words = set()
        for _ in range(random.randint(min_words, max_words)):
            length = random.randint(min_chars, max_chars)
            words.add("".join(random.choice(string.ascii_letters) for _ in range(length)))
        return frozenset(words)
    finally:
        random.setstate(saved)

"""Which token sequences a case gets: upstream InterpBench's draws, reproduced exactly.

Upstream's `get_clean_data(max_samples=n)` is reproduced draw for draw: seed Python's `random`
and NumPy's legacy generator with the seed (clean 42, corrupted 43: an independent resample, not
minimal pairs); when the case has more than 10 and fewer than n distinct inputs, take every
input in counting order, else call the case's sampler n times (by default a length from
`random.randint`, then tokens from the sorted vocabulary by `np.random.choice`); finally
shuffle with NumPy. Upstream's discovery data (ACDC, EAP, SP) has every sequence at the
case's maximum length; `variable_length=True` draws lengths between min and max instead (our
training pool and conversion checks use it, so shorter inputs are covered too).

Kept free of torch so that case files can name their samplers without importing it.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from typing import Callable, Hashable, List, Sequence

import numpy as np

from interpbench_harness.cases.spec import CaseSpec

CLEAN_SEED = 42
CORRUPTED_SEED = 43
DEFAULT_SAMPLES = 1000
ENUMERATE_ABOVE = 10  # upstream's min_samples: enumerate only when there are more inputs than this


@dataclasses.dataclass(frozen=True)
class Draws:
    """Upstream's two random streams, seeded together: Python's and NumPy's legacy one.

    Private generators with the same seeds give the same draws as upstream's global ones,
    without touching anybody else's global state.
    """

    python: random.Random
    numpy: np.random.RandomState

    @classmethod
    def seeded(cls, seed: int) -> "Draws":
        return cls(random.Random(seed), np.random.RandomState(seed))


# A case's own sampler: (sorted vocab, how many, min and max length counting BOS, draws) ->
# token sequences without BOS. Upstream overrides its sampler in a few cases to balance labels.
Sampler = Callable[[List[Hashable], int, int, int, Draws], List[List[Hashable]]]


def random_sequence(vocab: Sequence[Hashable], min_len: int, max_len: int, draws: Draws) -> List[Hashable]:
    """One uniformly random sequence: a length in [min_len, max_len] (counting BOS), then
    tokens drawn with replacement from the sorted vocabulary."""
    length = draws.python.randint(min_len, max_len)
    return [vocab[i] for i in draws.numpy.choice(len(vocab), size=length - 1)]


def random_sequences(vocab: Sequence[Hashable], count: int, min_len: int, max_len: int, draws: Draws):
    """Upstream's default sampler."""
    return [random_sequence(vocab, min_len, max_len, draws) for _ in range(count)]


def count_distinct(spec: CaseSpec) -> int:
    """Distinct inputs over every length from min to max (upstream's `get_total_data_len`)."""
    n = len(spec.vocab)
    return sum(n**length for length in range(spec.min_seq_len - 1, spec.max_seq_len))


def sample_sequences(
    spec: CaseSpec, n_samples: int, seed: int, variable_length: bool = False
) -> List[List[Hashable]]:
    """Token sequences (BOS excluded) for `spec`, upstream's draws for `n_samples` and `seed`.

    Upstream decides whether to enumerate by the count over every length, but then enumerates
    only the lengths it samples: at fixed length a case may give fewer than `n_samples` inputs.
    """
    vocab = sorted(spec.vocab)
    draws = Draws.seeded(seed)
    min_len = spec.min_seq_len if variable_length else spec.max_seq_len
    if ENUMERATE_ABOVE < count_distinct(spec) < n_samples:
        sequences = [
            list(seq) for length in range(min_len - 1, spec.max_seq_len) for seq in itertools.product(vocab, repeat=length)
        ]
    else:
        sampler = spec.sampler or random_sequences
        sequences = sampler(vocab, n_samples, min_len, spec.max_seq_len, draws)
    order = np.arange(len(sequences))
    draws.numpy.shuffle(order)
    return [sequences[i] for i in order]

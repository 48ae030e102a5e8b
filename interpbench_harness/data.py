"""Clean and corrupted token batches for a case.

Sequences are `[BOS] + tokens + [PAD]*`, with a uniform random length between the case's
min and max (both counting BOS) and tokens drawn uniformly from its vocab. Clean data uses
seed 42 and corrupted data the same sampler with seed 43 (an independent resample, not
minimal pairs), as upstream. When the case has no more distinct sequences than requested,
every one of them is used, in an order shuffled by the seed.

Labels are the compiled model's outputs; positions holding BOS or PAD are never scored.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Hashable, List, Mapping, Sequence

import numpy as np
import torch

from interpbench_harness.cases.spec import BOS, PAD, CaseSpec

CLEAN_SEED = 42
CORRUPTED_SEED = 43
DEFAULT_SAMPLES = 1000


@dataclasses.dataclass(frozen=True)
class TokenBatch:
    """Encoded sequences and which positions count in losses and metrics."""

    ids: torch.Tensor  # [batch, pos] int64
    scored: torch.Tensor  # [batch, pos] bool: False at BOS and PAD

    def __len__(self) -> int:
        return self.ids.shape[0]


def count_distinct(spec: CaseSpec) -> int:
    n = len(spec.vocab)
    return sum(n**length for length in range(spec.min_seq_len - 1, spec.max_seq_len))


def sample_sequences(spec: CaseSpec, n_samples: int, seed: int) -> List[List[Hashable]]:
    """Token sequences (BOS excluded) for `spec`; all distinct ones when there are few."""
    vocab = sorted(spec.vocab, key=repr)
    rng = np.random.default_rng(seed)
    if count_distinct(spec) <= n_samples:
        everything = [
            list(seq)
            for length in range(spec.min_seq_len - 1, spec.max_seq_len)
            for seq in itertools.product(vocab, repeat=length)
        ]
        return [everything[i] for i in rng.permutation(len(everything))]
    lengths = rng.integers(spec.min_seq_len - 1, spec.max_seq_len, size=n_samples)
    return [[vocab[i] for i in rng.integers(0, len(vocab), size=length)] for length in lengths]


def encode(
    sequences: Sequence[Sequence[Hashable]], token_to_id: Mapping[Hashable, int], max_seq_len: int
) -> TokenBatch:
    """Prepend BOS, pad to `max_seq_len` (which counts BOS) and map tokens to ids."""
    ids = np.full((len(sequences), max_seq_len), token_to_id[PAD], dtype=np.int64)
    ids[:, 0] = token_to_id[BOS]
    for row, seq in enumerate(sequences):
        if len(seq) > max_seq_len - 1:
            raise ValueError(f"sequence of {len(seq)} tokens does not fit max_seq_len {max_seq_len}")
        try:
            ids[row, 1 : len(seq) + 1] = [token_to_id[t] for t in seq]
        except KeyError as error:
            raise ValueError(f"token {error.args[0]!r} is not in the vocab {sorted(token_to_id, key=repr)}") from None
    ids_t = torch.from_numpy(ids)
    scored = ids_t != token_to_id[PAD]
    scored[:, 0] = False
    return TokenBatch(ids_t, scored)


def decode(batch: TokenBatch, token_to_id: Mapping[Hashable, int]) -> List[List[Hashable]]:
    """The token sequences of a batch, without BOS and PAD."""
    id_to_token = {i: t for t, i in token_to_id.items()}
    return [
        [id_to_token[int(i)] for i, keep in zip(row, mask) if keep]
        for row, mask in zip(batch.ids, batch.scored)
    ]

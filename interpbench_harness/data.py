"""Encoded token batches: `[BOS] + tokens + [PAD]*` as ids, with the positions that count.

Which sequences a case gets (upstream's draws, seeds 42 and 43) is `sampling`'s business; this
module turns them into tensors. Labels are the compiled model's outputs; positions holding BOS
or PAD are never scored.
"""

from __future__ import annotations

import dataclasses
from typing import Hashable, List, Mapping, Sequence

import numpy as np
import torch

from interpbench_harness.cases.spec import BOS, PAD
from interpbench_harness.sampling import (  # noqa: F401  (the data API callers use)
    CLEAN_SEED,
    CORRUPTED_SEED,
    DEFAULT_SAMPLES,
    ENUMERATE_ABOVE,
    Draws,
    count_distinct,
    random_sequence,
    random_sequences,
    sample_sequences,
)


@dataclasses.dataclass(frozen=True)
class TokenBatch:
    """Encoded sequences and which positions count in losses and metrics."""

    ids: torch.Tensor  # [batch, pos] int64
    scored: torch.Tensor  # [batch, pos] bool: False at BOS and PAD

    def __len__(self) -> int:
        return self.ids.shape[0]


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

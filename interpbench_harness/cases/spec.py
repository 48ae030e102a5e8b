"""What defines one benchmark case: a RASP program plus the settings it is compiled and sampled with.

A spec is pure data and a program factory; building it costs nothing, so the registry can list
every case (and pytest can collect them) without compiling anything.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Callable, FrozenSet, Hashable, List, Optional, Sequence

# Upstream's names for the special tokens. tracr sorts the token space, BOS and PAD included,
# so these names decide every token id of a string vocabulary.
BOS = "BOS"
PAD = "PAD"
DEFAULT_MAX_SEQ_LEN = 10  # including BOS, as upstream
DEFAULT_MIN_SEQ_LEN = 4  # including BOS


class OutputKind(str, enum.Enum):
    CATEGORICAL = "categorical"
    NUMERICAL = "numerical"


class Released(str, enum.Enum):
    """Whether upstream released a trained model for this case id (reference: cases.md)."""

    YES = "yes"
    NO = "no"
    UNCONFIRMED = "unconfirmed"


@dataclasses.dataclass(frozen=True)
class CaseSpec:
    """One upstream case id with the RASP program we wrote for its task.

    `max_seq_len` and `min_seq_len` count the BOS token, as upstream's do; tracr is compiled
    with `max_seq_len - 1` because it adds BOS itself.
    """

    case_id: str
    description: str
    build_program: Callable[[], "object"]  # returns a tracr rasp.SOp; lazy so specs stay cheap
    reference: Callable[[Sequence[Hashable]], List[Any]]  # the task in plain Python, per position
    vocab: FrozenSet[Hashable]
    causal: bool
    output_kind: OutputKind = OutputKind.CATEGORICAL
    max_seq_len: int = DEFAULT_MAX_SEQ_LEN
    min_seq_len: int = DEFAULT_MIN_SEQ_LEN
    trivial: bool = False
    released: Released = Released.UNCONFIRMED
    unsupported: Optional[str] = None  # why this case cannot be built; None when it can
    extra_tags: FrozenSet[str] = frozenset()
    loader: Optional[Callable[["CaseSpec"], Any]] = None  # builds a case that is not compiled from RASP (IOI)
    metric: str = "divergence"  # or "answer_logit" (IOI); see BenchmarkCase.metric
    # Where upstream's code does something its task description does not say, we reproduce the
    # code (the released models were trained on it) and say here, in one line, what it does.
    upstream_quirk: Optional[str] = None
    # Upstream's own input sampler for the case, where it has one (see data.Sampler); None: the
    # default uniform sampler.
    sampler: Optional[Callable[..., List[List[Hashable]]]] = None

    def __post_init__(self) -> None:
        if BOS in self.vocab or PAD in self.vocab:
            raise ValueError(f"case {self.case_id}: vocab must not contain {BOS!r} or {PAD!r}")
        if not 2 <= self.min_seq_len <= self.max_seq_len:
            raise ValueError(
                f"case {self.case_id}: need 2 <= min_seq_len ({self.min_seq_len}) "
                f"<= max_seq_len ({self.max_seq_len}); both count BOS"
            )

    @property
    def supported(self) -> bool:
        return self.unsupported is None

    @property
    def is_regression(self) -> bool:
        return self.output_kind is OutputKind.NUMERICAL

    @property
    def attention(self) -> str:
        return "causal" if self.causal else "bidirectional"

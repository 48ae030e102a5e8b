"""Running one benchmark on several machines: which (case, method) pairs a shard runs.

`--shard i/N` keeps every N-th (case, method) pair, starting at the i-th, of the pairs sorted
by case id then method name, so the N shards partition the work whatever order pytest collects
in. Their reports are joined by `report.merge.merge_reports` (`interpbench merge`).
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from interpbench_harness.cases.registry import id_order


def parse_shard(text: str) -> Tuple[int, int]:
    """'2/4' -> (2, 4); shards count from 1."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(f"--shard takes i/N with 1 <= i <= N, e.g. 1/4; got {text!r}")
    return int(match.group(1)), int(match.group(2))


def in_shard(pairs: Sequence[Tuple[str, str]], shard: Tuple[int, int]) -> List[Tuple[str, str]]:
    """The (case, method) pairs shard (i, N) runs."""
    index, count = shard
    ordered = sorted(set(pairs), key=lambda pair: (id_order(pair[0]), pair[1]))
    return [pair for position, pair in enumerate(ordered) if position % count == index - 1]

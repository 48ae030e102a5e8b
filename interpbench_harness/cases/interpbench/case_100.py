"""Case 100: the numbers at positions 0 and 1 trade places; the others are copied.

The length limit is the vocabulary size (11, BOS included).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_SWAPPED = {0: 1, 1: 0}


def program() -> rasp.SOp:
    # Each key announces the position it should be read at; the query picks the key naming it.
    destination = rasp.Map(lambda i: _SWAPPED.get(i, i), rasp.indices).named("destination")
    pick = rasp.Select(destination, rasp.indices, rasp.Comparison.EQ).named("from_swapped")
    return rasp.Aggregate(pick, rasp.tokens).named("first_two_swapped")


def reference(tokens):
    n = len(tokens)
    out = []
    for i in range(n):
        source = _SWAPPED.get(i, i)
        out.append(tokens[source] if source < n else None)
    return out


CASE = CaseSpec(
    case_id="100",
    description="Swaps the first two numbers of the sequence and keeps the rest in place.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    max_seq_len=11,
    released=Released.NO,
)

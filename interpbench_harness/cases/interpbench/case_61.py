"""Case 61: rank of each number, 1 + how many input numbers are strictly smaller.

Equal numbers share a rank and the next rank skips past them (1, 1, 3), not dense ranking.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    smaller = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.LT).named("smaller_number")
    below = rasp.SelectorWidth(smaller).named("count_smaller")
    return rasp.Map(lambda count: count + 1, below).named("rank")


def reference(tokens):
    return [1 + sum(1 for other in tokens if other < value) for value in tokens]


CASE = CaseSpec(
    case_id="61",
    description="Gives each number its rank: one more than the count of smaller numbers in the input.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    upstream_quirk="Ties share a rank and the following rank is skipped (competition ranking: 3, 5, 3 -> 1, 3, 1).",
)

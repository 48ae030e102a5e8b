"""Case 59: the numbers sorted ascending, duplicates kept.

Ties are broken by adding 1e-5 times the position to each number, so every key is distinct.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    keys = rasp.SequenceMap(lambda value, pos: value + pos * 0.00001, rasp.tokens, rasp.indices).named(
        "tie_broken_key"
    )
    smaller = rasp.Select(keys, keys, rasp.Comparison.LT).named("smaller_key")
    target = rasp.SelectorWidth(smaller).named("target_slot")
    fill = rasp.Select(target, rasp.indices, rasp.Comparison.EQ).named("fill_slot")
    return rasp.Aggregate(fill, rasp.tokens).named("sorted")


def reference(tokens):
    return sorted(tokens)


CASE = CaseSpec(
    case_id="59",
    description="Sorts the numbers in ascending order, keeping duplicates.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)

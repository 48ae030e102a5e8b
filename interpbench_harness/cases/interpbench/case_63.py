"""Case 63: at each position, how many input numbers are strictly smaller than its own."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    smaller = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.LT).named("smaller_number")
    return rasp.SelectorWidth(smaller).named("count_smaller")


def reference(tokens):
    return [sum(1 for other in tokens if other < value) for value in tokens]


CASE = CaseSpec(
    case_id="63",
    description="Counts, at each position, the input numbers strictly smaller than its own.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)

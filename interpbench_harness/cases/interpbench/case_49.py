"""Case 49: each number lowered to the nearest multiple of 3 at or below it."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda n: n - n % 3, rasp.tokens).named("floor_to_multiple_of_3")


def reference(tokens):
    return [3 * (n // 3) for n in tokens]


CASE = CaseSpec(
    case_id="49",
    description="Rounds each number down to a multiple of 3.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

"""Case 83: every number tripled."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: value * 3, rasp.tokens).named("times_three")


def reference(tokens):
    return [value * 3 for value in tokens]


CASE = CaseSpec(
    case_id="83",
    description="Multiplies each number by three.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

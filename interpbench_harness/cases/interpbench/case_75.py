"""Case 75: every number doubled."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: value * 2, rasp.tokens).named("times_two")


def reference(tokens):
    return [value * 2 for value in tokens]


CASE = CaseSpec(
    case_id="75",
    description="Multiplies each number by two.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

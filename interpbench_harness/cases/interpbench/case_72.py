"""Case 72: every number with its sign flipped."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: -value, rasp.tokens).named("negate")


def reference(tokens):
    return [-value for value in tokens]


CASE = CaseSpec(
    case_id="72",
    description="Negates each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(-10, 10),
    causal=True,
)

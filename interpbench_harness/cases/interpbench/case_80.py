"""Case 80: every number minus the constant 2."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec

_CONSTANT = 2


def program() -> rasp.SOp:
    return rasp.Map(lambda value: value - _CONSTANT, rasp.tokens).named("minus_constant")


def reference(tokens):
    return [value - _CONSTANT for value in tokens]


CASE = CaseSpec(
    case_id="80",
    description="Subtracts the constant 2 from each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

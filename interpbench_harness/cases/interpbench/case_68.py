"""Case 68: each number rounded up to the nearest multiple of three (numbers already a multiple stay)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _up_to_multiple_of_three(value):
    return value + (3 - value % 3) % 3


def program() -> rasp.SOp:
    return rasp.Map(_up_to_multiple_of_three, rasp.tokens).named("round_up_to_3")


def reference(tokens):
    return [_up_to_multiple_of_three(value) for value in tokens]


CASE = CaseSpec(
    case_id="68",
    description="Raises each number to the smallest multiple of 3 that is not below it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

"""Case 73: the sine (radians) of each number, unrounded."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: math.sin(value), rasp.tokens).named("sine")


def reference(tokens):
    return [math.sin(value) for value in tokens]


CASE = CaseSpec(
    case_id="73",
    description="Sine, in radians, of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

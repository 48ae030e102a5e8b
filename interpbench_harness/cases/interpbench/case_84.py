"""Case 84: the arctangent (radians) of each number, unrounded."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: math.atan(value), rasp.tokens).named("arctangent")


def reference(tokens):
    return [math.atan(value) for value in tokens]


CASE = CaseSpec(
    case_id="84",
    description="Arctangent, in radians, of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

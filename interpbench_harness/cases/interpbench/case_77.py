"""Case 77: the tangent (radians) of each number, unrounded."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: math.tan(value), rasp.tokens).named("tangent")


def reference(tokens):
    return [math.tan(value) for value in tokens]


CASE = CaseSpec(
    case_id="77",
    description="Tangent, in radians, of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

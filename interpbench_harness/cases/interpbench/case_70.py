"""Case 70: the cosine (radians) of each number, unrounded."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: math.cos(value), rasp.tokens).named("cosine")


def reference(tokens):
    return [math.cos(value) for value in tokens]


CASE = CaseSpec(
    case_id="70",
    description="Cosine, in radians, of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)

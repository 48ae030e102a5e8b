"""Case 123: the arccosine of every token (unrounded floats, radians)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda x: math.acos(x), rasp.tokens).named("arccosine")


def reference(tokens):
    return [math.acos(t) for t in tokens]


CASE = CaseSpec(
    case_id="123",
    description="Takes the arccosine of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.evenly_spaced_floats(-1, 1, 20),
    causal=True,
    released=Released.YES,
)

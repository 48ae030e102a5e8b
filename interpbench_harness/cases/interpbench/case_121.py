"""Case 121: the arcsine of every token (unrounded floats, radians)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda x: math.asin(x), rasp.tokens).named("arcsine")


def reference(tokens):
    return [math.asin(t) for t in tokens]


CASE = CaseSpec(
    case_id="121",
    description="Takes the arcsine of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.evenly_spaced_floats(-1, 1, 20),
    causal=True,
    released=Released.YES,
)

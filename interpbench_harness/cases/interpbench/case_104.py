"""Case 104: e to the power of each number (floats, unrounded)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda v: math.exp(v), rasp.tokens).named("exp")


def reference(tokens):
    return [math.exp(v) for v in tokens]


CASE = CaseSpec(
    case_id="104",
    description="Replaces each number x with exp(x).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.YES,
)

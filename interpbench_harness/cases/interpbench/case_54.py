"""Case 54: hyperbolic tangent of each number (unrounded floats)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(math.tanh, rasp.tokens).named("tanh")


def reference(tokens):
    return [math.tanh(n) for n in tokens]


CASE = CaseSpec(
    case_id="54",
    description="Replaces each number by its hyperbolic tangent, as a float class.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
